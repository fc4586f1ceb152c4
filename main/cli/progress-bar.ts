/**
 * A progress bar on stderr, only when stderr is a terminal: pipes and logs stay clean.
 */
import { formatBytes } from '../../shared/naming.js';
import type { ProgressSnapshot } from '../core/jobs/progress.js';

interface ProgressReporter {
  update(snapshot: ProgressSnapshot): void;
  stop(): void;
}

/** The bar's module loads only for a terminal: piped and scripted runs never pay for it. */
async function createProgressReporter(label: string): Promise<ProgressReporter> {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const { default: cliProgress } = await import('cli-progress');
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

/** What a long command hands its engine call: Ctrl-C as a signal, and a bar on stderr. */
export interface RunControl {
  signal: AbortSignal;
  onProgress: (snapshot: ProgressSnapshot) => void;
}

/**
 * Runs `work` with a progress bar (on a terminal) and Ctrl-C turned into a cancel, so the engine
 * stops cleanly, records what it finished, and the command still prints its report.
 * @example const report = await withProgress('scan', (control) => library.scan(control));
 */
export async function withProgress<T>(
  label: string,
  work: (control: RunControl) => Promise<T>,
): Promise<T> {
  const bar = await createProgressReporter(label);
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  try {
    return await work({ signal: controller.signal, onProgress: (s) => bar.update(s) });
  } finally {
    bar.stop();
    process.off('SIGINT', onSignal);
  }
}
