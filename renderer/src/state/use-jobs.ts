import { useEffect, useState } from 'react';
import type { JobView } from '../../../shared/contract/index.js';
import { useApi } from './api-context.js';

const ACTIVE = new Set<JobView['state']>(['queued', 'running']);

export function isActive(job: JobView): boolean {
  return ACTIVE.has(job.state);
}

/** Running and queued jobs first (oldest first), then finished ones, newest first. */
function ordered(jobs: Iterable<JobView>): JobView[] {
  return [...jobs].sort((a, b) => {
    const activeFirst = Number(isActive(b)) - Number(isActive(a));
    if (activeFirst !== 0) return activeFirst;
    return isActive(a) ? a.id - b.id : b.id - a.id;
  });
}

/**
 * Every job the host knows, kept live by its progress events: one fetch at start, then each
 * event replaces its job.
 */
export function useJobs(): JobView[] {
  const api = useApi();
  const [jobs, setJobs] = useState<Map<number, JobView>>(new Map());
  useEffect(() => {
    let live = true;
    // An event is never older than the list fetched at start, so the list fills gaps only.
    const merge = (incoming: JobView[], replace: boolean) =>
      setJobs((previous) => {
        const next = new Map(previous);
        for (const job of incoming) if (replace || !next.has(job.id)) next.set(job.id, job);
        return next;
      });
    const stop = api.on('jobProgress', (job) => merge([job], true));
    void api.jobs().then((list) => live && merge(list, false));
    return () => {
      live = false;
      stop();
    };
  }, [api]);
  return ordered(jobs.values());
}
