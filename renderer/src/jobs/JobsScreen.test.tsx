// @vitest-environment happy-dom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, it } from 'vitest';
import { ApiProvider } from '../state/api-context.js';
import '../test-support/dom.js';
import { jobView as job, progressOf as progress } from '../test-support/job-view.js';
import { standInClient } from '../test-support/stand-in-client.js';
import { JobsScreen } from './JobsScreen.js';

const JOBS = [
  job(7, 'Generate all presets', { progress: progress(120, 400, 3) }),
  job(8, 'Scan photos', { kind: 'scan', state: 'queued' }),
  job(5, 'Generate web', { state: 'done', progress: progress(40, 50), summary: '40 built' }),
  job(4, 'Publish to site', { kind: 'publish', state: 'cancelled', progress: progress(9, 30) }),
];

function renderJobs() {
  const api = standInClient({ cancel: () => ({ cancelled: true }) });
  render(
    <ApiProvider api={api}>
      <JobsScreen jobs={JOBS} />
    </ApiProvider>,
  );
  return api;
}

const row = (label: string) => screen.getByRole('listitem', { name: label });

/** A job's bar as [aria-valuenow, aria-valuemax]. */
function barOf(label: string): [string | null, string | null] {
  const bar = within(row(label)).getByRole('progressbar');
  return [bar.getAttribute('aria-valuenow'), bar.getAttribute('aria-valuemax')];
}

it('shows each job’s progress on its bar: a running one as far as it got, a done one full', () => {
  renderJobs();
  expect(barOf('Generate all presets')).toEqual(['120', '400']);
  expect(row('Generate all presets').textContent).toContain(
    '120 / 400 · 3 failed · 13/s · 22 s left',
  );
  expect(barOf('Generate web')).toEqual(['1', '1']);
  // A cancelled job's bar stops where the job stopped.
  expect(barOf('Publish to site')).toEqual(['9', '30']);
  expect(row('Scan photos').textContent).toContain('Waiting');
});

it('offers Cancel on running and queued jobs only, and Cancel cancels that job', async () => {
  const api = renderJobs();
  expect(within(row('Generate web')).queryByRole('button', { name: 'Cancel' })).toBeNull();
  expect(within(row('Publish to site')).queryByRole('button', { name: 'Cancel' })).toBeNull();
  await userEvent.click(within(row('Scan photos')).getByRole('button', { name: 'Cancel' }));
  await userEvent.click(
    within(row('Generate all presets')).getByRole('button', { name: 'Cancel' }),
  );
  expect(api.inputsOf('cancel')).toEqual([{ jobId: 8 }, { jobId: 7 }]);
});
