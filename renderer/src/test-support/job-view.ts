import type { JobView } from '../../../shared/contract/index.js';

/**
 * A job as a host reports it, running with no progress yet unless `change` says otherwise.
 * @example jobView(3, 'Publish to site', { kind: 'publish', phase: 'send' })
 */
export function jobView(id: number, label: string, change: Partial<JobView> = {}): JobView {
  return {
    id,
    kind: 'generate',
    label,
    state: 'running',
    progress: { done: 0, failed: 0, total: 0, bytes: 0, rate: 0, etaSeconds: null, elapsedMs: 0 },
    startedAt: 1_700_000_000_000,
    finishedAt: null,
    error: null,
    summary: null,
    phase: null,
    ...change,
  };
}

/**
 * Progress of `done` out of `total`, at 12.5 items a second with 22 s to go.
 * @example jobView(1, 'Generate all presets', { progress: progressOf(120, 400) })
 */
export function progressOf(done: number, total: number, failed = 0): JobView['progress'] {
  return { done, failed, total, bytes: 0, rate: 12.5, etaSeconds: 22, elapsedMs: 10_000 };
}
