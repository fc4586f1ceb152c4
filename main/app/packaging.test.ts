import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { load } from 'js-yaml';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  electronNativeDir,
  electronSqliteAddon,
  PACKAGED_SQLITE_ADDON,
  SQLITE_ADDON,
} from './native-layout.js';

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

  it("never rebuilds ./node_modules (the CLI's and the tests' better-sqlite3) in place", () => {
    expect(config.npmRebuild).toBe(false);
    expect(config).not.toHaveProperty('buildDependenciesFromSource');
    expect(config).not.toHaveProperty('nodeGypRebuild');
  });

  it('ships the Electron build of better-sqlite3 where the packaged app loads it', async () => {
    // The beforePack hook builds it for the packed architecture; it exists and is a function.
    expect(config.beforePack).toBe('./bin/before-pack.js');
    const hook = (await import(path.join(ROOT, 'bin/before-pack.js'))) as Record<string, unknown>;
    expect(typeof hook.beforePack).toBe('function');
    // electron-builder expands ${platform} and ${arch} in `from`; `to` is under resources/.
    const from = path.join(electronNativeDir('', '${platform}', '${arch}'), SQLITE_ADDON);
    expect(config.extraResources).toEqual([{ from, to: PACKAGED_SQLITE_ADDON }]);
    expect(
      electronSqliteAddon({
        packaged: true,
        resourcesPath: '/opt/Thumbdesk/resources',
        root: '/unused',
        platform: 'linux',
        arch: 'x64',
      }),
    ).toBe('/opt/Thumbdesk/resources/native/better_sqlite3.node');
    expect(config.files).toEqual(
      expect.arrayContaining([
        '!native/**',
        '!dist/main/app/launcher/**',
        '!node_modules/better-sqlite3/{build,deps,src}/**',
      ]),
    );
  });

  it("meets the deb target's requirements with no GitHub remote (homepage, maintainer)", async () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    // electron-builder's own checks (FpmTarget.computeFpmMetaInfoOptions), run on a stand-in
    // packager: this package.json, electron-builder.yml's linux options, and no git remote.
    const require = createRequire(import.meta.url);
    const { default: FpmTarget } = require('app-builder-lib/out/targets/FpmTarget.js');
    const { AppInfo } = require('app-builder-lib/out/appInfo.js');
    const standInPackager = (metadata: Record<string, unknown>) => ({
      info: { metadata },
      appInfo: {
        computePackageUrl: AppInfo.prototype.computePackageUrl.bind({
          info: { metadata, repositoryInfo: Promise.resolve(null) },
          notNullDevMetadata: metadata,
        }),
      },
    });
    const check = (metadata: Record<string, unknown>) =>
      FpmTarget.prototype.computeFpmMetaInfoOptions.call({
        packager: standInPackager(metadata),
        options: config.linux,
      }) as Promise<{ url: string; maintainer: string }>;

    await expect(check(pkg)).resolves.toMatchObject({
      url: 'https://github.com/thumbdesk/thumbdesk',
      maintainer: 'Thumbdesk contributors <thumbdesk@example.com>',
    });
    const { homepage: _homepage, ...withoutHomepage } = pkg;
    await expect(check(withoutHomepage)).rejects.toThrow(/Please specify project homepage/);
    expect(pkg.description).toEqual(expect.any(String));
    expect(pkg.repository).toMatchObject({ type: 'git' });
  });

  it('hardens the packaged Electron with its fuses', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
    // The schema knows each fuse by name: a misspelt one is refused.
    expect(validate({ ...config, electronFuses: { runAsnode: false } })).toBe(false);
  });
});
