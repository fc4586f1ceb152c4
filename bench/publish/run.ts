/**
 * Publish benchmark: 5,000 small derivatives to s3rver, then a publish with nothing changed.
 * Prints both times and the requests each made (counted by a proxy in front of s3rver): the
 * second must upload nothing and finish in under 2 s. Run with `npm run bench:publish`.
 */
import path from 'node:path';
import { parsePresetFile } from '../../shared/preset-schema.js';
import { Library } from '../../main/core/library/library.js';
import { publish } from '../../main/core/publish/publish.js';
import { resolveTarget } from '../../main/core/publish/target.js';
import { BUCKET, startProxy, startS3 } from '../../main/core/publish/test-support/s3.js';
import { smallFiles, WORK } from '../lib/inputs.js';
import { describeMachine, machine } from '../lib/machine.js';

const ORIGINALS = 1250;
/** Two formats × two densities: four derivatives per original. */
const PRESETS = parsePresetFile({
  presets: [{ name: 'thumb', width: 32, formats: ['webp', 'jpeg'], densities: [1, 2] }],
});

async function builtLibrary(): Promise<Library> {
  const set = await smallFiles(ORIGINALS);
  const library = Library.open(path.join(WORK, 'publish-library'));
  library.importPresets(PRESETS);
  if (library.sources().length === 0) await library.addSource(set.dir);
  const report = await library.generate();
  if (report.built > 0) console.log(`built ${report.built} derivatives`);
  const status = library.status();
  if (status.derivatives.fresh !== ORIGINALS * 4) {
    throw new Error(
      `expected ${ORIGINALS * 4} fresh derivatives, found ${status.derivatives.fresh}`,
    );
  }
  return library;
}

function requestsText(requests: Map<string, number>): string {
  const total = [...requests.values()].reduce((a, b) => a + b, 0);
  const parts = [...requests].map(([method, n]) => `${n} ${method}`).join(', ');
  return `${total} requests${parts ? ` (${parts})` : ''}`;
}

console.log(describeMachine(machine()));
const library = await builtLibrary();
const s3 = await startS3();
const proxy = await startProxy(s3.port);
try {
  const target = resolveTarget(library.db, `s3://${BUCKET}/bench-${Date.now()}`, {
    endpoint: proxy.endpoint,
    pathStyle: true,
  });
  const rows: string[][] = [['run', 'time', 'uploaded', 'unchanged', 'requests']];
  for (const [label, options] of [
    ['first publish', {}],
    ['no-change publish', {}],
    ['no-change publish --verify', { verify: true }],
  ] as const) {
    proxy.requests.clear();
    const report = await publish(library, target, { concurrency: 16, ...options });
    if (report.failed > 0) throw new Error(`${label}: ${report.errors[0]?.error}`);
    rows.push([
      label,
      `${(report.elapsedMs / 1000).toFixed(2)} s`,
      String(report.uploaded),
      String(report.unchanged),
      requestsText(proxy.requests),
    ]);
  }
  console.log(rows.map((r) => `| ${r.join(' | ')} |`).join('\n'));
} finally {
  library.close();
  await proxy.stop();
  await s3.stop();
}
