/**
 * An image URL that changes with the original's content hash. Thumbnails and originals keep
 * their media path when the file on disk changes, so without this an <img> would go on showing
 * the old picture (media paths ignore a query string, so any host accepts it).
 */
export function versionedUrl(url: string, hash: string | null): string {
  if (!hash) return url;
  return `${url}${url.includes('?') ? '&' : '?'}v=${hash.slice(0, 16)}`;
}
