/**
 * The app's own protocol, `thumbdesk://app/`: the renderer's build and the library's media,
 * nothing else (no `file://` in the window). Written against the web's Request/Response only,
 * so it is tested without Electron; main.ts hands it to `protocol.handle`.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { contentTypeOf, MEDIA_CSP, rendererFile, UI_CSP } from '../core/server/renderer-files.js';
import type { MediaFile } from '../core/service/media-resolver.js';
import { APP_ORIGIN } from './ipc-guard.js';

export const APP_SCHEME = 'thumbdesk';

/** The page the window opens. */
export const APP_PAGE = `${APP_ORIGIN}/index.html`;

async function fileResponse(file: string, headers: Record<string, string>): Promise<Response> {
  try {
    if (!(await stat(file)).isFile()) throw new Error('not a file');
  } catch {
    return new Response('not found', { status: 404 });
  }
  const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
  return new Response(body, { headers: { ...headers, 'X-Content-Type-Options': 'nosniff' } });
}

/**
 * @example
 * protocol.handle('thumbdesk', (request) =>
 *   answerAppRequest(request.url, { rendererDir, media: (p) => service.media(p) }));
 */
export async function answerAppRequest(
  requestUrl: string,
  deps: { rendererDir: string; media: (mediaPath: string) => Promise<MediaFile | undefined> },
): Promise<Response> {
  const url = new URL(requestUrl);
  if (`${url.protocol}//${url.host}` !== APP_ORIGIN) return new Response('', { status: 404 });
  if (url.pathname.startsWith('/media/')) {
    const media = await deps.media(url.pathname.slice('/media/'.length));
    if (!media) return new Response('not found', { status: 404 });
    return fileResponse(media.file, {
      'Content-Type': media.contentType,
      'Content-Security-Policy': MEDIA_CSP,
    });
  }
  const file = rendererFile(deps.rendererDir, url.pathname);
  if (!file) return new Response('not found', { status: 404 });
  return fileResponse(file, {
    'Content-Type': contentTypeOf(file),
    'Content-Security-Policy': UI_CSP,
  });
}
