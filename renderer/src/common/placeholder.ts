import { thumbHashToDataURL } from 'thumbhash';

/**
 * A CSS image for an original's placeholder. The contract calls it a data URI, but the service
 * sends the catalog's ThumbHash (base64) as it is; both are accepted, the hash decoded here, in
 * the browser, for the few tiles on screen.
 */
export function placeholderImage(placeholder: string): string {
  if (placeholder.startsWith('data:')) return `url("${placeholder}")`;
  const bytes = Uint8Array.from(atob(placeholder), (c) => c.charCodeAt(0));
  return `url("${thumbHashToDataURL(bytes)}")`;
}
