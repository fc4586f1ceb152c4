import { describe, expect, it } from 'vitest';
import { parsePurgeTarget, PurgeTargetError } from './purge-target.js';

describe('parsePurgeTarget', () => {
  it('reads kind:url, trims trailing slashes, and labels by host only', () => {
    expect(parsePurgeTarget('varnish:http://127.0.0.1:6081/')).toEqual({
      kind: 'varnish',
      url: 'http://127.0.0.1:6081',
      label: 'varnish:127.0.0.1:6081',
    });
    expect(
      parsePurgeTarget('fastly:https://api.fastly.com/service/SU1Z0isxPaozGVKXdv0eY').label,
    ).toBe('fastly:api.fastly.com');
  });

  it.each([
    ['akamai:https://x.example', /names no purge kind/],
    ['http://127.0.0.1:6081', /names no purge kind/],
    ['varnish:', /needs an http\(s\) URL/],
    ['webhook:ftp://x.example/hook', /not ftp:/],
    ['cloudflare:https://user:secret@api.cloudflare.com/client/v4/zones/z', /environment/],
  ])('refuses %s', (value, reason) => {
    expect(() => parsePurgeTarget(value)).toThrow(PurgeTargetError);
    expect(() => parsePurgeTarget(value)).toThrow(reason);
  });
});
