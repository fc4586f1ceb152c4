/**
 * A progress bar on stderr, only when stderr is a terminal: pipes and logs stay clean.
 */
import cliProgress from 'cli-progress';
import { formatBytes } from '../../shared/naming.js';
import type { ProgressSnapshot } from '../core/jobs/progress.js';

export interface ProgressReporter {
  update(snapshot: ProgressSnapshot): void;
  stop(): void;
}

export function createProgressReporter(label: string): ProgressReporter {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} {bar} {value}/{total} | {rate}/s | {bytes} | {eta_text} left | {failed} failed`,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(s) {
      const payload = {
        rate: s.rate.toFixed(1),
        bytes: formatBytes(s.bytes),
        eta_text: s.etaSeconds === null ? '?' : `${Math.ceil(s.etaSeconds)} s`,
        failed: s.failed,
      };
      if (!started) {
        bar.start(s.total, s.done, payload);
        started = true;
      } else bar.update(s.done, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
