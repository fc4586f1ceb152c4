import { describe, expect, it } from 'vitest';
import { MAX_HEAD_BYTES, readRequestHead } from './request-head.js';

const read = (text: string, from = 0) => readRequestHead(Buffer.from(text, 'latin1'), from);

describe('readRequestHead', () => {
  it('reads a plain GET: method, target as sent, lower-cased headers and its length', () => {
    const text =
      'GET /s/rs:fit:30/plain/a.jpg?x=%20 HTTP/1.1\r\nHost: a:1\r\nAccept:\timage/webp, */*\r\nIf-None-Match: "k"\r\n\r\n';
    const head = read(`${text}GET /next`);
    expect(head).toEqual({
      method: 'GET',
      url: '/s/rs:fit:30/plain/a.jpg?x=%20',
      headers: { host: 'a:1', accept: 'image/webp, */*', 'if-none-match': '"k"' },
      length: text.length,
    });
  });

  it('reads the next of pipelined requests from where the first ended', () => {
    const first = 'HEAD /a HTTP/1.1\r\nHost: x\r\n\r\n';
    const head = read(
      `${first}GET /b HTTP/1.1\r\nHost: x\r\nConnection: Keep-Alive\r\n\r\n`,
      first.length,
    );
    expect(head?.method).toBe('GET');
    expect(head?.url).toBe('/b');
  });

  it('keeps an empty value and a header named __proto__ as headers like any other', () => {
    const head = read('GET /a HTTP/1.1\r\nHost: x\r\nAccept:\r\n__proto__: y\r\n\r\n');
    expect(head?.headers.accept).toBe('');
    expect(Object.getOwnPropertyDescriptor(head?.headers, '__proto__')?.value).toBe('y');
  });

  it('shows no inherited property as a header', () => {
    const headers = read('GET /a HTTP/1.1\r\nHost: x\r\n\r\n')?.headers as Record<string, unknown>;
    for (const name of ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__']) {
      expect(headers[name], name).toBeUndefined();
    }
  });

  it.each([
    ['an incomplete head', 'GET /a HTTP/1.1\r\nHost: x\r\n'],
    [
      'a head over the bound',
      `GET /a HTTP/1.1\r\nHost: x\r\nX: ${'a'.repeat(MAX_HEAD_BYTES)}\r\n\r\n`,
    ],
    [
      '65 headers',
      `GET /a HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 64 }, (_, i) => `X-${i}: 1\r\n`).join('')}\r\n`,
    ],
    ['another method', 'OPTIONS /a HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['two spaces', 'GET  /a HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['HTTP/1.0', 'GET /a HTTP/1.0\r\nHost: x\r\n\r\n'],
    ['an asterisk target', 'GET * HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['an absolute-form target', 'GET http://x/a HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a space-free control in the target', 'GET /a\x01b HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a quote in the target', 'GET /a"b HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['no Host', 'GET /a HTTP/1.1\r\nAccept: */*\r\n\r\n'],
    ['two Hosts', 'GET /a HTTP/1.1\r\nHost: x\r\nhost: y\r\n\r\n'],
    ['any header twice', 'GET /a HTTP/1.1\r\nHost: x\r\nAccept: a\r\nAccept: b\r\n\r\n'],
    ['Content-Length', 'GET /a HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n'],
    ['Transfer-Encoding', 'GET /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n'],
    ['Connection: close', 'GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
    [
      'Connection: keep-alive, Upgrade',
      'GET /a HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, Upgrade\r\n\r\n',
    ],
    ['an obs-fold', 'GET /a HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n 2\r\n\r\n'],
    ['a bare LF in a value', 'GET /a HTTP/1.1\r\nHost: x\nX-A: 1\r\n\r\n'],
    ['a bare CR in a value', 'GET /a HTTP/1.1\r\nHost: x\rX-A: 1\r\n\r\n'],
    ['whitespace before the colon', 'GET /a HTTP/1.1\r\nHost : x\r\n\r\n'],
    ['no colon', 'GET /a HTTP/1.1\r\nHost: x\r\nnonsense\r\n\r\n'],
    ['an empty name', 'GET /a HTTP/1.1\r\nHost: x\r\n: v\r\n\r\n'],
    ['a byte over 0x7f', 'GET /a HTTP/1.1\r\nHost: x\r\nX-A: \xe9\r\n\r\n'],
    ['a NUL', 'GET /a HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n'],
    ['trailing whitespace', 'GET /a HTTP/1.1\r\nHost: x \r\n\r\n'],
  ])('leaves %s to node:http', (_, text) => {
    expect(read(text)).toBeUndefined();
  });
});
