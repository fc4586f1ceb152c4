/**
 * Files of the renderer's build, for both hosts (`thumbdesk serve` and the desktop app's own
 * protocol): a URL path to a file inside the build folder, never outside it.
 */
import path from 'node:path';
import { isInside } from '../fs/inside.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/vnd.microsoft.icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

/**
 * The file a URL path names in the build (`/` is `index.html`), or undefined for a path that
 * would leave it or does not decode.
 * @example rendererFile('/app/dist/renderer', '/assets/index-3f2a.js')
 */
export function rendererFile(rendererDir: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    return undefined;
  }
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${decoded}`);
  return isInside(root, file) ? file : undefined;
}

/** @example contentTypeOf('index.html') === 'text/html; charset=utf-8' */
export function contentTypeOf(file: string): string {
  return TYPES[path.extname(file)] ?? 'application/octet-stream';
}

/**
 * The page's Content-Security-Policy: scripts from the app only, no inline script, images from
 * the app and data URIs (previews), nothing framed.
 */
export const UI_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
  "frame-ancestors 'none'; form-action 'none'";

/** Media answers run nothing, whatever a file in a source holds (an SVG with a script). */
export const MEDIA_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
