// @vitest-environment happy-dom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, it } from 'vitest';
import type { OriginalDetail } from '../../../shared/contract/index.js';
import { ApiProvider } from '../state/api-context.js';
import '../test-support/dom.js';
import { originalView } from '../test-support/original-view.js';
import { standInClient } from '../test-support/stand-in-client.js';
import { OriginalScreen } from './OriginalScreen.js';

const ORIGINAL: OriginalDetail = {
  ...originalView(7, 'trip/alps.jpg', { hash: 'ab'.repeat(32) }),
  space: 'srgb',
  icc: null,
  depth: 'uchar',
  orientation: 1,
  hasAlpha: false,
  pages: 1,
};

function renderOriginal(outcome: 'ok' | 'failed') {
  const api = standInClient({
    getOriginal: () => ORIGINAL,
    purgeByHand: () => [
      {
        target: 'varnish:http://127.0.0.1:6081',
        result: {
          at: 1,
          outcome,
          keys: 1,
          paths: 0,
          error: outcome === 'ok' ? null : 'failed after 1 try: HTTP 403',
        },
      },
    ],
  });
  render(
    <ApiProvider api={api}>
      <OriginalScreen id={7} onClose={() => undefined} />
    </ApiProvider>,
  );
  return { api, user: userEvent.setup() };
}

it('purges the open original from the edge caches and says how it went', async () => {
  const { api, user } = renderOriginal('ok');
  await user.click(await screen.findByRole('button', { name: 'Purge caches' }));
  expect(await screen.findByText('Purged its images at 1 target.')).toBeTruthy();
  expect(api.inputsOf('purgeByHand')).toEqual([{ originalIds: [7] }]);
});

it('shows a target that refused the purge as a failure', async () => {
  const { user } = renderOriginal('failed');
  await user.click(await screen.findByRole('button', { name: 'Purge caches' }));
  expect((await screen.findByRole('alert')).textContent).toBe(
    'Purging its images failed at 1 of 1 target (varnish: failed after 1 try: HTTP 403)',
  );
});
