import { describe, expect, it } from 'vitest';
import { parseSignedPath, splitSignature } from './url-path.js';
import { UrlApiError } from './url-api-error.js';

const b64 = (text: string) => Buffer.from(text).toString('base64url');

function refusal(path: string): string {
  try {
    parseSignedPath(path);
  } catch (error) {
    expect(error).toBeInstanceOf(UrlApiError);
    expect((error as UrlApiError).status).toBe(400);
    return (error as Error).message;
  }
  throw new Error(`${path} was accepted`);
}

describe('URL paths', () => {
  it('split the signature from the signed path', () => {
    expect(splitSignature('/sig/w:1/plain/local:///p/a.jpg')).toEqual({
      signature: 'sig',
      signedPath: '/w:1/plain/local:///p/a.jpg',
    });
    expect(splitSignature('/favicon.ico')).toBeUndefined();
    expect(splitSignature('/sig/')).toBeUndefined();
  });

  it('read plain sources with and without an extension, decoding them once', () => {
    expect(parseSignedPath('/rs:fit:300:200/g:no/plain/local:///photos/a%20b/c.jpg@webp')).toEqual({
      options: [
        { name: 'rs', args: ['fit', '300', '200'] },
        { name: 'g', args: ['no'] },
      ],
      source: { sourceName: 'photos', relPath: 'a b/c.jpg' },
      extension: 'webp',
    });
    expect(parseSignedPath('/plain/local:///photos/x@y.jpg@').extension).toBeUndefined();
    expect(parseSignedPath('/plain/local:///photos/x@y.jpg@').source.relPath).toBe('x@y.jpg');
    expect(parseSignedPath('/w:1/plain/local:///photos/a.jpg').extension).toBeUndefined();
  });

  it('read Base64 sources, split into chunks or not', () => {
    const encoded = b64('local:///photos/trips/ü.jpg');
    const chunks = encoded.match(/.{1,8}/g)!.join('/');
    for (const path of [`/w:10/${encoded}.png`, `/w:10/${chunks}.png`]) {
      expect(parseSignedPath(path)).toMatchObject({
        source: { sourceName: 'photos', relPath: 'trips/ü.jpg' },
        extension: 'png',
      });
    }
  });

  it('refuse remote schemes, absolute paths and every way out of the source', () => {
    // imgproxy's documented example is an http source: refused here.
    expect(
      refusal(
        '/rs:fill:300:400:0/g:sm/aHR0cDovL2V4YW1w/bGUuY29tL2ltYWdl/cy9jdXJpb3NpdHku/anBn.png',
      ),
    ).toMatch(/http: URLs are refused/);
    expect(refusal('/plain/https://example.com/a.jpg')).toMatch(/https: URLs are refused/);
    expect(refusal('/plain/s3://bucket/a.jpg')).toMatch(/s3: URLs are refused/);
    expect(refusal('/plain/file:///etc/passwd')).toMatch(/file: URLs are refused/);
    expect(refusal(`/${b64('gs://bucket/a.jpg')}`)).toMatch(/gs: URLs are refused/);
    expect(refusal('/plain//etc/passwd')).toMatch(/local:\/\/\//);
    expect(refusal('/plain/local:////etc/passwd')).toMatch(/absolute/);
    for (const path of [
      '/plain/local:///photos/../secret.jpg',
      '/plain/local:///photos/%2e%2e/secret.jpg',
      '/plain/local:///photos/%2E%2E/secret.jpg',
      '/plain/local:///photos/%252e%252e/secret.jpg',
      '/plain/local:///photos/..%2fsecret.jpg',
      '/plain/local:///photos/a/./b.jpg',
      '/plain/local:///photos/..\\secret.jpg',
      '/plain/local:///photos/a%5c..%5csecret.jpg',
      '/plain/local:///photos//a.jpg',
      '/plain/local:///photos/a.jpg%00.png',
      `/${b64('local:///photos/../secret.jpg')}.jpg`,
      `/${b64('local:///photos/a\\b.jpg')}.jpg`,
    ]) {
      expect(refusal(path), path).toMatch(/refused/);
    }
    expect(refusal('/plain/local:///photos')).toMatch(/no file/);
    expect(refusal('/plain/local:///photos/%zz.jpg')).toMatch(/percent-encoding/);
    expect(refusal('/w:1/')).toMatch(/names no image/);
    expect(refusal('/w:1/not*base64')).toMatch(/Base64/);
  });
});
