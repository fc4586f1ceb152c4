/**
 * Browser-friendly renditions of originals, made on first request by the same engine as
 * derivatives (so CMYK, 16-bit and EXIF-rotated originals look right): grid thumbnails, and a
 * large view of originals a browser cannot show itself (TIFF, HEIC, PSD…). Kept in the library's
 * `thumbs/` folder by content hash, so a changed original gets new ones and an unchanged one is
 * never rendered twice; outside `cache/`, where gc would take them for strays.
 */
import { access, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { THUMB_SIZE } from '../../../shared/contract/media.js';
import { withPresetDefaults, type Preset } from '../../../shared/preset.js';
import type { Db } from '../catalog/database.js';
import { isTempName, writeFileAtomic } from '../fs/atomic-write.js';
import { render } from '../imaging/render.js';
import { renderSpecFor } from '../imaging/render-spec.js';
import type { SniffedFormat } from '../imaging/sniff.js';
import { sourceFactsOf } from '../library/plan.js';
import { originalFile, type OriginalBytes } from './original-bytes.js';
import { ServiceError } from './service-error.js';

/** Longest side of the large view, in pixels. */
const LARGE_SIZE = 2048;

function recipe(size: number, quality: number): Preset {
  return withPresetDefaults({
    name: `view-${size}`,
    width: size,
    height: size,
    fit: 'inside',
    formats: ['webp'],
    quality,
    animation: 'first-frame',
  });
}

const RECIPES = { thumb: recipe(THUMB_SIZE, 70), large: recipe(LARGE_SIZE, 90) } as const;
export type RenditionKind = keyof typeof RECIPES;

/** Renders at once: a grid asks for dozens together, and a running job needs cores too. */
const AT_ONCE = 2;

/**
 * @example const file = await renditions.fileFor(db, 12, 'thumb'); // <library>/thumbs/ab/….webp
 */
export class Renditions {
  private readonly inFlight = new Map<string, Promise<string>>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly dir: string,
    private readonly bytes: OriginalBytes,
    private readonly pixelLimit: number,
  ) {}

  async fileFor(db: Db, id: number, kind: RenditionKind): Promise<string> {
    const row = originalFile(db, id)?.row;
    const facts = row && sourceFactsOf(row);
    if (!row?.hash || !facts) throw new ServiceError('not-found', `original ${id} has no view`);
    const preset = RECIPES[kind];
    const file = path.join(this.dir, row.hash.slice(0, 2), `${row.hash}-${preset.width}.webp`);
    if (await exists(file)) return file;
    let pending = this.inFlight.get(file);
    if (!pending) {
      pending = this.limited(async () => {
        const { bytes } = await this.bytes.read(db, id);
        const spec = renderSpecFor(preset, facts, 'webp', 1);
        const rendered = await render({ bytes, format: row.format as SniffedFormat }, spec, {
          pixelLimit: this.pixelLimit,
        });
        await writeFileAtomic(file, rendered.data);
        return file;
      }).finally(() => this.inFlight.delete(file));
      this.inFlight.set(file, pending);
    }
    return pending;
  }

  /**
   * Deletes renditions of content no original has any more (a changed or removed original):
   * files are named by content hash, so what to keep is the set of current hashes.
   * @example const { files, bytes } = await renditions.sweep(db);
   */
  async sweep(db: Db): Promise<{ files: number; bytes: number }> {
    const rows = db.prepare('SELECT DISTINCT hash FROM originals WHERE hash IS NOT NULL').all();
    const keep = new Set((rows as { hash: string }[]).map((r) => r.hash));
    const swept = { files: 0, bytes: 0 };
    for (const shard of await readdir(this.dir).catch(() => [] as string[])) {
      const folder = path.join(this.dir, shard);
      for (const name of await readdir(folder).catch(() => [] as string[])) {
        const hash = name.split('-')[0]!;
        if (keep.has(hash) || isTempName(name)) continue;
        const file = path.join(folder, name);
        swept.bytes += (await stat(file).catch(() => undefined))?.size ?? 0;
        await rm(file, { force: true });
        swept.files += 1;
      }
    }
    return swept;
  }

  private async limited<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= AT_ONCE) await new Promise<void>((wake) => this.waiting.push(wake));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
