import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { load } from 'js-yaml';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const config = load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<
  string,
  unknown
>;
const schema = JSON.parse(
  readFileSync(path.join(ROOT, 'node_modules/app-builder-lib/scheme.json'), 'utf8'),
) as object;
// Compiled once: the schema is large, and compiling it takes seconds.
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

describe('electron-builder.yml', () => {
  it("is valid for electron-builder's own schema", () => {
    expect(validate(config), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('is refused by that schema when it names a field that does not exist', () => {
    expect(validate({ ...config, linux: { target: 'AppImage', iconn: 'x.png' } })).toBe(false);
  });

  it('builds AppImage and deb, dmg, NSIS, and unpacks the native modules', () => {
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'] });
    expect(config.mac).toMatchObject({ target: 'dmg' });
    expect(config.win).toMatchObject({ target: 'nsis' });
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining([
        'node_modules/sharp/**/*',
        'node_modules/@img/**/*',
        'node_modules/better-sqlite3/**/*',
      ]),
    );
  });

  it('has a 512 × 512 icon', async () => {
    const meta = await sharp(path.join(ROOT, 'resources/icon.png')).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 512, 512]);
  });
});
