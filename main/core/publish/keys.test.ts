import { describe, expect, it } from 'vitest';
import { KeyError, safeKey, safePrefix } from './keys.js';
import { openDatabase } from '../catalog/database.js';
import { addTarget, listTargets, parseDestination, TargetError } from './target.js';
import { checkTemplate, defaultCacheControl, DEFAULT_TEMPLATE, keyFor } from './template.js';

const parts = {
  preset: 'card',
  source: 'photos',
  relPath: 'trips/a b+c.jpg',
  density: 2,
  format: 'webp' as const,
  sha256: 'ab'.repeat(32),
};

describe('safeKey', () => {
  it('keeps spaces, + and unicode, normalised to NFC', () => {
    expect(safeKey('card/a b+c.webp')).toBe('card/a b+c.webp');
    const nfd = 'card/Cafe\u0301.webp';
    expect(safeKey(nfd)).toBe('card/Caf\u00e9.webp');
    expect(safeKey(nfd)).toBe(safeKey('card/Caf\u00e9.webp'));
  });

  it.each([
    ['../etc/passwd', '".." segment'],
    ['card/../../x.webp', '".." segment'],
    ['card/./x.webp', '"." segment'],
    ['/card/x.webp', 'starts with "/"'],
    ['card//x.webp', 'empty segment'],
    ['card/x\u0000.webp', 'control character'],
    ['card/x\n.webp', 'control character'],
    ['card/x\u0085.webp', 'control character'],
    ['card\\..\\x.webp', '"\\"'],
    ['', 'empty'],
  ])('refuses %j', (key, reason) => {
    expect(() => safeKey(key)).toThrow(KeyError);
    expect(() => safeKey(key)).toThrow(reason);
  });

  it('takes keys up to 1024 bytes, counted in UTF-8', () => {
    expect(safeKey('a'.repeat(1024))).toHaveLength(1024);
    expect(() => safeKey('a'.repeat(1025))).toThrow('it is longer than 1024 bytes');
    expect(safeKey('\u00e9'.repeat(512))).toHaveLength(512);
    expect(() => safeKey('\u00e9'.repeat(513))).toThrow('it is longer than 1024 bytes');
  });

  it('says which key, quoted as JSON, and why', () => {
    const error = (() => {
      try {
        safeKey('card/x\n.webp');
      } catch (caught) {
        return caught as KeyError;
      }
    })();
    expect(error).toBeInstanceOf(KeyError);
    expect(error?.name).toBe('KeyError');
    expect(error?.reason).toBe('it contains a control character');
    expect(error?.message).toBe(
      'cannot publish under key "card/x\\n.webp": it contains a control character',
    );
    expect(() => safeKey('card//x')).toThrow(
      'cannot publish under key "card//x": it has an empty segment ("//" or a trailing "/")',
    );
    expect(() => safeKey('card/x/')).toThrow('empty segment');
    expect(() => safeKey('')).toThrow('cannot publish under key "": it is empty');
    expect(new KeyError('{x}/"a"', 'it is bad', 'template').message).toBe(
      'cannot use template "{x}/\\"a\\"": it is bad',
    );
    expect(() => safeKey('card\\x')).toThrow('it contains "\\"');
  });

  it('trims slashes from prefixes and checks the rest', () => {
    expect(safePrefix('///site/img///')).toBe('site/img');
    expect(safePrefix('/')).toBe('');
    expect(() => safePrefix('site//img')).toThrow('empty segment');
    expect(safePrefix('/site/img/')).toBe('site/img');
    expect(safePrefix('')).toBe('');
    expect(() => safePrefix('site/../other')).toThrow('".." segment');
  });
});

describe('templates', () => {
  it('fills the default template from catalog data', () => {
    expect(keyFor(DEFAULT_TEMPLATE, parts)).toBe('card/photos/trips/a b+c@2x.webp');
    expect(keyFor(DEFAULT_TEMPLATE, { ...parts, density: 1, relPath: 'top.png' })).toBe(
      'card/photos/top.webp',
    );
  });

  it('makes content-addressed names with {hash}, and those are immutable', () => {
    expect(keyFor('{preset}/{hash}.{ext}', parts)).toBe(`card/${'ab'.repeat(8)}.webp`);
    expect(defaultCacheControl('{preset}/{hash}.{ext}')).toBe(
      'public, max-age=31536000, immutable',
    );
    expect(defaultCacheControl(DEFAULT_TEMPLATE)).not.toContain('immutable');
  });

  it('refuses templates that climb out, start at the root, or name unknown things', () => {
    expect(() => checkTemplate('../{preset}/{stem}.{ext}')).toThrow('".." segment');
    expect(() => checkTemplate('{preset}/../../{stem}.{ext}')).toThrow('".." segment');
    expect(() => checkTemplate('/{preset}/{stem}.{ext}')).toThrow('starts with "/"');
    expect(() => checkTemplate('{preset}/{name}.{ext}')).toThrow('unknown placeholder {name}');
    expect(() => checkTemplate('{preset}.{ext}')).toThrow('needs {stem} or {hash}');
  });

  it('a key made from a path with ".." in a name (not a segment) is fine', () => {
    expect(keyFor(DEFAULT_TEMPLATE, { ...parts, relPath: 'a..b/c..jpg' })).toBe(
      'card/photos/a..b/c.@2x.webp',
    );
  });
});

describe('destinations', () => {
  it('reads s3://bucket/prefix and folders', () => {
    expect(parseDestination('s3://site-assets/img/')).toEqual({
      kind: 's3',
      bucket: 'site-assets',
      prefix: 'img',
    });
    expect(parseDestination('./out')).toMatchObject({ kind: 'folder' });
  });

  it('refuses bad buckets, prefixes that climb out, and other schemes', () => {
    expect(() => parseDestination('s3://Bad_Bucket/x')).toThrow(TargetError);
    expect(() => parseDestination('s3://site/../x')).toThrow('".." segment');
    expect(() => parseDestination('ftp://host/x')).toThrow('folder or s3://bucket/prefix');
  });
});

describe('saved targets', () => {
  it('keep their options and refuse a secret among them', () => {
    const db = openDatabase(':memory:');
    try {
      addTarget(db, 'site', 's3://site/img', { endpoint: 'http://127.0.0.1:9', pathStyle: true });
      expect(listTargets(db)).toMatchObject([
        {
          name: 'site',
          location: 's3://site/img at http://127.0.0.1:9',
          options: { pathStyle: true, template: '{preset}/{dir}/{stem}{@density}.{ext}' },
        },
      ]);
      expect(() => addTarget(db, 'site', './out')).toThrow('a target named "site" already exists');
      expect(() =>
        addTarget(db, 'leaky', 's3://site/x', { secretAccessKey: 'hunter2' } as never),
      ).toThrow(/unrecognized key.*secretAccessKey|secretAccessKey/i);
      expect(listTargets(db)).toHaveLength(1);
    } finally {
      db.close();
    }
  });
});
