import { describe, expect, it } from 'vitest';
import { isNotModified, matchesEtag } from './respond.js';

const ETAG = '"k1"';
// Last-Modified carries whole seconds: 12:00:00.750 is sent as 12:00:00.
const MODIFIED = Date.parse('2026-11-30T12:00:00.750Z');
const at = (iso: string) => new Date(iso).toUTCString();
const request = (headers: Record<string, string>) => ({ headers });

describe('matchesEtag', () => {
  it('finds the ETag alone, in a list, weak, or as *', () => {
    for (const header of [ETAG, `"a", ${ETAG}`, `W/${ETAG}`, ' "b" ,W/"k1"', '*']) {
      expect(matchesEtag(request({ 'if-none-match': header }), ETAG), header).toBe(true);
    }
  });

  it('refuses other tags, a tag inside one, and no header', () => {
    for (const header of ['"k2"', '"k1x"', 'k1', '"a", "b"', '']) {
      expect(matchesEtag(request({ 'if-none-match': header }), ETAG), header).toBe(false);
    }
    expect(matchesEtag(request({}), ETAG)).toBe(false);
  });
});

describe('isNotModified', () => {
  it('is false without a conditional header', () => {
    expect(isNotModified(request({}), ETAG, MODIFIED)).toBe(false);
    expect(isNotModified(request({ 'if-modified-since': '' }), ETAG, MODIFIED)).toBe(false);
  });

  it('compares If-Modified-Since at the second, and refuses one that is not a date', () => {
    const since = (iso: string) =>
      isNotModified(request({ 'if-modified-since': at(iso) }), ETAG, MODIFIED);
    expect(since('2026-11-30T12:00:00Z')).toBe(true);
    expect(since('2026-11-30T13:00:00Z')).toBe(true);
    expect(since('2026-11-30T11:59:59Z')).toBe(false);
    expect(isNotModified(request({ 'if-modified-since': 'yesterday' }), ETAG, MODIFIED)).toBe(
      false,
    );
  });

  it('reads If-None-Match first when both are sent (RFC 9110 13.2.2)', () => {
    const late = at('2026-12-01T00:00:00Z');
    const both = (tag: string) =>
      isNotModified(request({ 'if-none-match': tag, 'if-modified-since': late }), ETAG, MODIFIED);
    expect(both('"other"')).toBe(false);
    expect(both(ETAG)).toBe(true);
  });
});
