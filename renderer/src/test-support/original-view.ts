import type { OriginalView } from '../../../shared/contract/index.js';

/**
 * An original as a host lists it: a fresh 400 × 300 JPEG of the "photos" source, with nothing
 * built yet unless `change` says otherwise.
 * @example originalView(7, 'trip/alps.jpg', { hash: 'ab'.repeat(32) })
 */
export function originalView(
  id: number,
  path: string,
  change: Partial<OriginalView> = {},
): OriginalView {
  return {
    id,
    source: 'photos',
    path,
    hash: null,
    format: 'jpeg',
    width: 400,
    height: 300,
    bytes: 1000,
    error: null,
    focal: null,
    placeholder: null,
    state: 'fresh',
    media: `originals/${id}`,
    thumb: `thumbs/${id}`,
    derivatives: [],
    ...change,
  };
}
