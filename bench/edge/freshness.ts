/**
 * The time from a changed original to a fresh image at the edge: an original is overwritten
 * with another real photo, `serve --watch` notices it and purges its xkey in Varnish, and the
 * benchmark polls through Varnish until an answer with the new image arrives.
 */
import { writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { metricsOf, total } from '../lib/metrics.js';
import { childCpu, cpuSince } from '../lib/process-cpu.js';

export interface FreshnessOptions {
  /** The original on disk that changes, inside the library's watched source. */
  file: string;
  /** Real JPEG bytes, one per change, each unlike the one before. */
  versions: readonly Buffer[];
  /** Varnish's full URL of one image of `file`. */
  url: string;
  originPort: number;
  pollMs: number;
  timeoutMs: number;
}

export interface Change {
  ms: number;
  /** What Varnish said of the fresh answer: MISS when the purge removed the old one. */
  cache: string;
}

export interface FreshnessResult {
  changes: Change[];
  /** Changes whose fresh image did not arrive before the timeout. */
  timedOut: number;
  polls: number;
  purgesOk: number;
  purgesFailed: number;
  cpu: Map<string, number>;
}

/**
 * `count` versions of a real photo, each its own hue and crop (so every change is real image
 * bytes, never a touched file), `width` px wide.
 * @example const versions = await photoVersions(photo, 51, 1600);
 */
export async function photoVersions(
  photo: string,
  count: number,
  width: number,
): Promise<Buffer[]> {
  const { width: w = width, height: h = width } = await sharp(photo).metadata();
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      sharp(photo)
        .extract({ left: i % 40, top: (i * 7) % 40, width: w - 40, height: h - 40 })
        .modulate({ hue: (i * 29) % 360 })
        .resize({ width })
        .jpeg({ quality: 85 })
        .toBuffer(),
    ),
  );
}

async function ask(url: string) {
  const reply = await fetch(url);
  const body = Buffer.from(await reply.arrayBuffer());
  return {
    status: reply.status,
    etag: reply.headers.get('etag'),
    cache: reply.headers.get('x-cache') ?? '',
    body,
  };
}

async function purgeCounts(port: number) {
  const text = await metricsOf(port);
  return {
    ok: total(text, 'thumbdesk_purge_requests_total', 'outcome="ok"'),
    failed: total(text, 'thumbdesk_purge_requests_total', 'outcome="failed"'),
  };
}

/** Asks until Varnish answers from its cache, so that the next change has something to purge. */
async function cached(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await ask(url);
    if (answer.status === 200 && answer.cache === 'HIT') return answer;
    await sleep(10);
    if (Date.now() > deadline)
      throw new Error(`${url} is not cached by Varnish (${answer.status} ${answer.cache})`);
  }
}

/**
 * Writes each version over `file` in turn and times, from the write, how long until Varnish
 * answers with an image other than the one it had before.
 * @example const result = await changeToFresh({ file, versions, url, originPort, pollMs: 10, timeoutMs: 30_000 });
 */
export async function changeToFresh(options: FreshnessOptions): Promise<FreshnessResult> {
  const purgesBefore = await purgeCounts(options.originPort);
  const cpuBefore = childCpu();
  const changes: Change[] = [];
  let timedOut = 0;
  let polls = 0;
  let current = await cached(options.url, options.timeoutMs);
  for (const version of options.versions) {
    const started = performance.now();
    await writeFile(options.file, version);
    let fresh: Awaited<ReturnType<typeof ask>> | undefined;
    while (!fresh && performance.now() - started < options.timeoutMs) {
      await sleep(options.pollMs);
      polls += 1;
      const answer = await ask(options.url);
      if (
        answer.status === 200 &&
        answer.etag !== current.etag &&
        !answer.body.equals(current.body)
      ) {
        fresh = answer;
      }
    }
    if (!fresh) {
      timedOut += 1;
    } else {
      changes.push({ ms: performance.now() - started, cache: fresh.cache });
    }
    current = await cached(options.url, options.timeoutMs);
  }
  const purgesAfter = await purgeCounts(options.originPort);
  return {
    changes,
    timedOut,
    polls,
    purgesOk: purgesAfter.ok - purgesBefore.ok,
    purgesFailed: purgesAfter.failed - purgesBefore.failed,
    cpu: cpuSince(cpuBefore),
  };
}
