import { pictureHtml } from 'thumbdesk/url';

/**
 * The `<picture>` of one original and preset of a publish served at `baseUrl`, built from the
 * manifest (thumbdesk.json) served beside the images.
 * @example await publishedPicture('https://cdn.example.com/img/', 'photos/trips/alps.jpg', 'card', 'The Alps')
 */
export async function publishedPicture(baseUrl, original, preset, alt) {
  const response = await fetch(new URL('thumbdesk.json', baseUrl));
  if (!response.ok) throw new Error(`${response.url} answered ${response.status}`);
  return pictureHtml(await response.json(), original, preset, { baseUrl, alt });
}
