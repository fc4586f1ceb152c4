// @vitest-environment happy-dom
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, it, vi } from 'vitest';
import type { PurgeTargetView } from '../../../shared/contract/index.js';
import { ApiProvider } from '../state/api-context.js';
import '../test-support/dom.js';
import { standInClient } from '../test-support/stand-in-client.js';
import { EdgeScreen } from './EdgeScreen.js';

const VARNISH: PurgeTargetView = {
  target: 'varnish:http://127.0.0.1:6081',
  kind: 'varnish',
  endpoint: 'http://127.0.0.1:6081',
  origin: 'app',
  credentials: [],
  last: { at: Date.UTC(2026, 10, 30, 12), outcome: 'ok', keys: 3, paths: 0, error: null },
  counts: { ok: 7, retried: 1, failed: 0, keys: 12 },
  lastError: null,
};

const FASTLY: PurgeTargetView = {
  target: 'fastly:https://api.fastly.com/service/SU1Z0isxPaozGVKXdv0eY',
  kind: 'fastly',
  endpoint: 'https://api.fastly.com/service/SU1Z…',
  origin: 'serve',
  credentials: [{ variable: 'FASTLY_API_TOKEN', required: true, set: false }],
  last: {
    at: Date.UTC(2026, 10, 30, 13),
    outcome: 'failed',
    keys: 1,
    paths: 0,
    error: 'FASTLY_API_TOKEN is not set',
  },
  counts: { ok: 0, retried: 0, failed: 2, keys: 0 },
  lastError: { at: Date.UTC(2026, 10, 30, 13), error: 'FASTLY_API_TOKEN is not set' },
};

function renderEdge(targets: PurgeTargetView[], outcome: 'ok' | 'failed' = 'ok') {
  const saved = [...targets];
  const api = standInClient({
    listPurgeTargets: () => saved,
    addPurgeTarget: ({ target }) => {
      const added = { ...VARNISH, target, endpoint: target.replace(/^varnish:/, ''), last: null };
      saved.push(added);
      return added;
    },
    removePurgeTarget: ({ target }) => {
      saved.splice(
        saved.findIndex((t) => t.target === target),
        1,
      );
      return { target };
    },
    purgeByHand: () =>
      saved.map((t) => ({
        target: t.target,
        result: {
          at: 2,
          outcome,
          keys: 5,
          paths: 0,
          error: outcome === 'ok' ? null : 'failed after 5 tries: HTTP 503',
        },
      })),
  });
  render(
    <ApiProvider api={api}>
      <EdgeScreen />
    </ApiProvider>,
  );
  return { api, user: userEvent.setup() };
}

it('shows each target: kind, masked endpoint, origin, credentials, last result, counts, last error', async () => {
  renderEdge([VARNISH, FASTLY]);
  const varnish = await screen.findByRole('region', {
    name: 'Purge target http://127.0.0.1:6081',
  });
  expect(within(varnish).getByRole('heading').textContent).toBe('varnish');
  expect(varnish.textContent).toContain('set here');
  expect(within(varnish).getByLabelText(/^Last purge at/).textContent).toMatch(
    /: ok, 3 keys, 0 paths$/,
  );
  expect(within(varnish).getByLabelText(/^Purge counts/).textContent).toBe(
    'Requests: 7 ok · 1 retried · 0 failed · 12 keys purged',
  );
  expect(within(varnish).queryByLabelText(/^Last error/)).toBeNull();
  expect(within(varnish).getByRole('button', { name: 'Remove target' })).toBeTruthy();

  const fastly = screen.getByRole('region', {
    name: 'Purge target https://api.fastly.com/service/SU1Z…',
  });
  // The service id is masked; a serve's target cannot be removed here.
  expect(document.body.textContent).not.toContain('SU1Z0isxPaozGVKXdv0eY');
  expect(fastly.textContent).toContain('from serve --purge');
  expect(fastly.textContent).toContain('FASTLY_API_TOKEN NOT SET');
  expect(fastly.textContent).toContain('Purges here fail until FASTLY_API_TOKEN is set');
  expect(within(fastly).getByLabelText(/^Last error/).textContent).toMatch(
    /: FASTLY_API_TOKEN is not set$/,
  );
  expect(within(fastly).queryByRole('button', { name: 'Remove target' })).toBeNull();
});

it('adds a target, removes one after asking, and says when there is none', async () => {
  const { api, user } = renderEdge([]);
  expect((await screen.findByRole('status', { name: '' })).textContent).toContain(
    'No purge targets',
  );
  expect(
    (screen.getByRole('button', { name: 'Purge everything' }) as HTMLButtonElement).disabled,
  ).toBe(true);
  await user.type(screen.getByLabelText('Target (kind:url)'), 'varnish:http://127.0.0.1:6082');
  await user.click(screen.getByRole('button', { name: 'Add target' }));
  expect(await screen.findByText('Added varnish at http://127.0.0.1:6082.')).toBeTruthy();
  expect(api.inputsOf('addPurgeTarget')).toEqual([{ target: 'varnish:http://127.0.0.1:6082' }]);
  const card = await screen.findByRole('region', { name: 'Purge target http://127.0.0.1:6082' });

  const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false);
  await user.click(within(card).getByRole('button', { name: 'Remove target' }));
  expect(api.inputsOf('removePurgeTarget')).toEqual([]);
  confirm.mockReturnValue(true);
  await user.click(within(card).getByRole('button', { name: 'Remove target' }));
  await waitFor(() =>
    expect(api.inputsOf('removePurgeTarget')).toEqual([
      { target: 'varnish:http://127.0.0.1:6082' },
    ]),
  );
  await waitFor(() => expect(screen.queryByRole('region', { name: /^Purge target/ })).toBeNull());
  confirm.mockRestore();
});

it('purges everything by hand, and names the targets that failed', async () => {
  const { api, user } = renderEdge([VARNISH]);
  await user.click(await screen.findByRole('button', { name: 'Purge everything' }));
  expect(await screen.findByText('Purged everything at 1 target.')).toBeTruthy();
  expect(api.inputsOf('purgeByHand')).toEqual([{ all: true }]);
});

it('shows a failed purge by hand as a failure with its reason', async () => {
  const { user } = renderEdge([VARNISH], 'failed');
  await user.click(await screen.findByRole('button', { name: 'Purge everything' }));
  expect((await screen.findByRole('alert')).textContent).toBe(
    'Purging everything failed at 1 of 1 target (varnish: failed after 5 tries: HTTP 503)',
  );
});
