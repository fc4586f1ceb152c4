import { describe, expect, it } from 'vitest';
import { parseRequestTarget } from './request-target.js';

describe('parseRequestTarget', () => {
  it('keeps an origin-form target as sent, and parses it as a path on no host', () => {
    for (const target of ['//', '//[', '//a:b/x', '//%25/x', '/\\a:b/', '/\\\\', '/a?b=//c']) {
      const parsed = parseRequestTarget(target);
      expect(parsed?.pathAndQuery, target).toBe(target);
      expect(parsed?.url.host, target).toBe('request.invalid');
      expect(parsed?.authority, target).toBeUndefined();
    }
  });

  it('reads an absolute-form target as its path, with its authority', () => {
    expect(parseRequestTarget('http://127.0.0.1:8420/healthz?x=1')).toMatchObject({
      pathAndQuery: '/healthz?x=1',
      authority: '127.0.0.1:8420',
    });
    expect(parseRequestTarget('HTTPS://LocalHost')).toMatchObject({
      pathAndQuery: '/',
      authority: 'localhost',
    });
    expect(parseRequestTarget('http://[::1]:80?q')?.pathAndQuery).toBe('/?q');
    // The path stays as sent: a signature covers it.
    expect(parseRequestTarget('http://a/x/../y')?.pathAndQuery).toBe('/x/../y');
  });

  it('refuses what is neither', () => {
    for (const target of ['', '*', 'x', 'a:b', 'http://a:b/', 'https://a:99999/', 'http:///x']) {
      expect(parseRequestTarget(target), target).toBeUndefined();
    }
    for (const target of ['http://user@a/', 'http://a#frag', 'ftp://a/', 'http://a\\b/']) {
      expect(parseRequestTarget(target), target).toBeUndefined();
    }
  });
});
