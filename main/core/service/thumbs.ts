/**
 * Grid thumbnails: a small WebP of each original, made on first request by the same engine as
 * derivatives (so CMYK, 16-bit and EXIF-rotated originals look right) and kept in the library's
 * `thumbs/` folder by content hash, so a changed original gets a new one and an unchanged one is
 * never rendered twice. Outside `cache/`, where gc would take them for strays.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { THUMB_SIZE } from '../../../shared/contract/media.js';
import { parsePreset } from '../../../shared/preset.js';
import type { Db } from '../catalog/database.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { render } from '../imaging/render.js';
import { renderSpecFor } from '../imaging/render-spec.js';
import type { SniffedFormat } from '../imaging/sniff.js';
import { sourceFactsOf } from '../library/plan.js';
import type { OriginalBytes } from './original-bytes.js';
import { ServiceError } from './service-error.js';

const THUMB_PRESET = parsePreset({
  name: 'thumb',
  width: THUMB_SIZE,
  height: THUMB_SIZE,
  fit: 'inside',
  formats: ['webp'],
  quality: 70,
  animation: 'first-frame',
});

/** Thumbnails rendered at once: a grid asks for dozens together, a running job needs cores too. */
const AT_ONCE = 2;

/**
 * @example const file = await thumbs.fileFor(db, 12); // <library>/thumbs/ab/ab12….webp
 */
export class Thumbs {
  private readonly inFlight = new Map<string, Promise<string>>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly dir: string,
    private readonly bytes: OriginalBytes,
    private readonly pixelLimit: number,
  ) {}

  async fileFor(db: Db, id: number): Promise<string> {
    const { row, bytes } = await this.bytes.read(db, id);
    const facts = sourceFactsOf(row);
    if (!facts || !row.hash)
      throw new ServiceError('not-found', `${row.rel_path} has no thumbnail`);
    const name = `${row.hash.slice(0, 2)}/${row.hash.slice(0, 40)}-${THUMB_SIZE}.webp`;
    const file = path.join(this.dir, name);
    if (await exists(file)) return file;
    let pending = this.inFlight.get(file);
    if (!pending) {
      pending = this.limited(async () => {
        const spec = renderSpecFor(THUMB_PRESET, facts, 'webp', 1);
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
