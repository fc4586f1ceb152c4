// @vitest-environment happy-dom
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, it } from 'vitest';
import type { PublishPlanView, TargetView } from '../../../shared/contract/index.js';
import { ApiProvider } from '../state/api-context.js';
import { useJobs } from '../state/use-jobs.js';
import '../test-support/dom.js';
import { jobView, progressOf } from '../test-support/job-view.js';
import { standInClient } from '../test-support/stand-in-client.js';
import { PublishScreen } from './PublishScreen.js';

const SITE: TargetView = {
  name: 'site',
  kind: 's3',
  location: 's3://site-assets/img',
  template: '{preset}/{dir}/{stem}{@density}.{ext}',
  cacheControl: 'public, max-age=3600',
  endpoint: null,
  region: null,
  pathStyle: false,
  profile: null,
  storedSecret: false,
};

/** The dry run: 3 uploads, 5 unchanged, and one stray object that only a delete removes. */
function planOf(target: string, withDelete: boolean): PublishPlanView {
  return {
    target,
    uploads: 3,
    deletes: withDelete ? 1 : 0,
    unchanged: 5,
    bytes: 2048,
    waiting: 2,
    failed: 0,
    uploadKeys: ['web/a.webp', 'web/b.webp', 'thumbdesk.json'],
    deleteKeys: withDelete ? ['web/old.webp'] : [],
    strayKeys: ['web/old.webp'],
    errors: [],
  };
}

/** The screen as the window shows it: its jobs live from the host's progress events. */
function Window() {
  return <PublishScreen jobs={useJobs()} />;
}

function renderPublish(targets: TargetView[]) {
  const saved = [...targets];
  const publishJob = jobView(41, 'Publish to site', { kind: 'publish', state: 'queued' });
  const api = standInClient({
    listTargets: () => ({ targets: saved, secrets: { accepted: false, note: 'Use a profile.' } }),
    publishHistory: () => [],
    jobs: () => [],
    publishPlan: ({ target, delete: withDelete }) => planOf(target, withDelete),
    publish: () => publishJob,
    cancel: () => ({ cancelled: true }),
    addTarget: (input) => {
      const target = { ...SITE, name: input.name, kind: 'folder' as const };
      saved.push({ ...target, location: input.destination });
      return target;
    },
  });
  render(
    <ApiProvider api={api}>
      <Window />
    </ApiProvider>,
  );
  return { api, publishJob, user: userEvent.setup() };
}

const form = () => screen.getByRole('form', { name: 'New target' });
const alerts = (within_: HTMLElement) =>
  within(within_)
    .queryAllByRole('alert')
    .map((alert) => alert.textContent);

it('refuses a target the contract refuses, naming each field, then adds a good one', async () => {
  const { api, user } = renderPublish([]);
  expect(await screen.findByText('No targets yet')).toBeTruthy();
  await user.type(within(form()).getByLabelText('Target name'), 'My Site');
  await user.click(within(form()).getByRole('button', { name: 'Add target' }));
  await waitFor(() => expect(alerts(form())).not.toEqual([]));
  expect(alerts(form())).toEqual([
    'Target name must be lower-case letters, digits, ".", "-" or "_"',
    'Destination is required',
  ]);

  await user.clear(within(form()).getByLabelText('Target name'));
  await user.type(within(form()).getByLabelText('Target name'), 'backup');
  await user.type(within(form()).getByLabelText('Destination'), '/srv/backup ');
  await user.click(within(form()).getByRole('button', { name: 'Add target' }));
  expect(await screen.findByRole('region', { name: 'Target backup' })).toBeTruthy();
  expect(api.inputsOf('addTarget').at(-1)).toEqual({ name: 'backup', destination: '/srv/backup' });
  expect(alerts(form())).toEqual([]);
  expect((within(form()).getByLabelText('Target name') as HTMLInputElement).value).toBe('');
});

it('asks for S3 options only for an s3:// destination, and says where keys come from', async () => {
  const { user } = renderPublish([]);
  await screen.findByText('No targets yet');
  expect(within(form()).queryByLabelText('Endpoint')).toBeNull();
  await user.type(within(form()).getByLabelText('Destination'), 's3://bucket/img');
  expect(within(form()).getByLabelText('Endpoint')).toBeTruthy();
  expect(within(form()).getByRole('note').textContent).toBe('Use a profile.');
  // This host keeps no typed secret: no field takes one.
  expect(within(form()).queryByLabelText('Secret access key')).toBeNull();
});

it('shows the dry-run plan before anything is sent, with deletes when asked for', async () => {
  const { api, user } = renderPublish([SITE]);
  const plan = await screen.findByRole('status', { name: 'Plan for site' });
  expect(plan.textContent).toContain('3 to upload (2.0 KB) · 5 unchanged · 0 to delete');
  expect(plan.textContent).toContain('2 derivatives not built yet wait for Generate.');
  expect(plan.textContent).toContain('1 published object no longer belong');
  const uploads = within(plan).getByRole('list', { name: 'Keys to upload to site' });
  expect(
    within(uploads)
      .getAllByRole('listitem')
      .map((li) => li.textContent),
  ).toEqual(['web/a.webp', 'web/b.webp', 'thumbdesk.json']);
  await user.click(screen.getByRole('checkbox', { name: 'Delete what no longer belongs' }));
  await waitFor(() => expect(plan.textContent).toContain('1 to delete'));
  expect(api.inputsOf('publishPlan')).toEqual([
    { target: 'site', delete: false },
    { target: 'site', delete: true },
  ]);
  expect(api.inputsOf('publish')).toEqual([]);
});

it('publishes, shows the run’s phase and progress as it goes, and cancels it', async () => {
  const { api, publishJob, user } = renderPublish([SITE]);
  const card = await screen.findByRole('region', { name: 'Target site' });
  await within(card).findByRole('status', { name: 'Plan for site' });
  await user.click(within(card).getByRole('button', { name: 'Publish' }));
  expect(api.inputsOf('publish')).toEqual([
    { target: 'site', delete: false, build: false, verify: false },
  ]);

  api.emit('jobProgress', {
    ...publishJob,
    state: 'running',
    phase: 'send',
    progress: progressOf(4, 10),
  });
  const bar = await within(card).findByRole('progressbar', { name: 'Publish to site progress' });
  expect([bar.getAttribute('aria-valuenow'), bar.getAttribute('aria-valuemax')]).toEqual([
    '4',
    '10',
  ]);
  expect(card.textContent).toContain('Sending · 4 / 10');
  // While it runs, the target cannot be removed and Publish gives way to Cancel.
  expect(within(card).getByRole('button', { name: 'Remove target' })).toHaveProperty(
    'disabled',
    true,
  );
  expect(within(card).queryByRole('button', { name: 'Publish' })).toBeNull();

  api.emit('jobProgress', {
    ...publishJob,
    state: 'running',
    phase: 'send',
    progress: progressOf(9, 10),
  });
  await waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe('9'));
  await user.click(within(card).getByRole('button', { name: 'Cancel' }));
  expect(api.inputsOf('cancel')).toEqual([{ jobId: publishJob.id }]);

  api.emit('jobProgress', { ...publishJob, state: 'cancelled', progress: progressOf(9, 10) });
  expect(await within(card).findByRole('button', { name: 'Publish' })).toBeTruthy();
  expect(within(card).queryByRole('progressbar')).toBeNull();
});
