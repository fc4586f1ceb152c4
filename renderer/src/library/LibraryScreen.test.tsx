// @vitest-environment happy-dom
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { beforeEach, expect, it, vi } from 'vitest';
import type { OriginalView } from '../../../shared/contract/index.js';
import { ApiProvider } from '../state/api-context.js';
import { layoutBoxes } from '../test-support/dom.js';
import { originalView } from '../test-support/original-view.js';
import { standInClient, type Answers } from '../test-support/stand-in-client.js';
import { LIBRARY_START, LibraryScreen, type LibraryPlace } from './LibraryScreen.js';

/** 4 tiles of 164 px fit in 700 px: the grid has 4 columns, and 600 px show every row of 30. */
beforeEach(() => layoutBoxes(700, 600));

const COUNT = 30;
const name = (index: number) => `p${String(index).padStart(2, '0')}.jpg`;
const ORIGINALS: OriginalView[] = Array.from({ length: COUNT }, (_, index) =>
  originalView(index + 1, `trip/${name(index)}`),
);

/** The screen as the window holds it: the place (filter and selection) kept above it. */
function Window({ onOpen }: { onOpen: (original: OriginalView) => void }) {
  const [place, setPlace] = useState<LibraryPlace>(LIBRARY_START);
  return (
    <LibraryScreen
      search=""
      sources={[]}
      presets={[]}
      place={place}
      onPlace={setPlace}
      onOpen={onOpen}
      onFailure={(error) => {
        throw error;
      }}
    />
  );
}

async function renderLibrary(answers: Answers = {}) {
  const api = standInClient({
    ...answers,
    watch: () => ({ on: false }),
    listOriginals: ({ offset, limit }) => ({
      total: COUNT,
      offset,
      items: ORIGINALS.slice(offset, offset + limit),
    }),
    setExcluded: ({ ids, excluded }) => ({ excluded, changed: ids.length }),
  });
  const opened: string[] = [];
  render(
    <ApiProvider api={api}>
      <Window onOpen={(original) => opened.push(original.path)} />
    </ApiProvider>,
  );
  await screen.findByRole('gridcell', { name: name(0) });
  return { api, opened, user: userEvent.setup() };
}

const tile = (index: number) => screen.getByRole('gridcell', { name: name(index) });
/** The selected tiles' indexes, in grid order. */
const selected = () =>
  screen
    .getAllByRole('gridcell')
    .filter((cell) => cell.getAttribute('aria-selected') === 'true')
    .map((cell) => Number(cell.id.replace('tile-', '')));
/** The tile the keys move from (the grid's active descendant). */
const current = () =>
  Number(screen.getByRole('grid').getAttribute('aria-activedescendant')?.replace('tile-', ''));
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, at) => from + at);

it('lays the originals out in rows of 4 and starts on the first', async () => {
  await renderLibrary();
  expect(screen.getByRole('grid').getAttribute('aria-colcount')).toBe('4');
  expect(screen.getAllByRole('row')).toHaveLength(8);
  expect(selected()).toEqual([0]);
});

it('selects by click, toggles by Ctrl/Cmd+click and extends by Shift+click', async () => {
  const { user } = await renderLibrary();
  await user.click(tile(2));
  expect(selected()).toEqual([2]);
  await user.keyboard('[ControlLeft>]');
  await user.click(tile(5));
  await user.keyboard('[/ControlLeft]');
  expect(selected()).toEqual([2, 5]);
  expect(
    within(screen.getByRole('toolbar', { name: 'Selection' })).getByRole('status').textContent,
  ).toBe('2 selected');
  await user.keyboard('[MetaLeft>]');
  await user.click(tile(2));
  await user.keyboard('[/MetaLeft]');
  expect(selected()).toEqual([5]);
  // The anchor is the last tile Ctrl/Cmd+clicked: Shift+click ranges from it, both ways.
  await user.keyboard('[ShiftLeft>]');
  await user.click(tile(9));
  expect(selected()).toEqual(range(2, 9));
  await user.click(tile(1));
  await user.keyboard('[/ShiftLeft]');
  expect(selected()).toEqual(range(1, 2));
});

it('moves with the arrows, Home and End, and extends with Shift+arrows', async () => {
  const { user } = await renderLibrary();
  await user.click(tile(5));
  await user.keyboard('{ArrowRight}');
  expect([current(), selected()]).toEqual([6, [6]]);
  await user.keyboard('{ArrowDown}');
  expect([current(), selected()]).toEqual([10, [10]]);
  await user.keyboard('{ArrowLeft}{ArrowUp}');
  expect([current(), selected()]).toEqual([5, [5]]);
  await user.keyboard('{Shift>}{ArrowRight}{ArrowDown}{/Shift}');
  expect([current(), selected()]).toEqual([10, range(5, 10)]);
  await user.keyboard('{Shift>}{ArrowUp}{ArrowUp}{/Shift}');
  expect([current(), selected()]).toEqual([2, range(2, 5)]);
  await user.keyboard('{End}');
  expect([current(), selected()]).toEqual([29, [29]]);
  // Past the last tile the arrows stay on it.
  await user.keyboard('{ArrowDown}{ArrowRight}');
  expect(current()).toBe(29);
  await user.keyboard('{Home}');
  expect([current(), selected()]).toEqual([0, [0]]);
});

it('selects all with Ctrl/Cmd+A and ends a multi-selection with Esc', async () => {
  const { user } = await renderLibrary();
  await user.click(tile(6));
  await user.keyboard('{Control>}a{/Control}');
  expect(selected()).toEqual(range(0, COUNT - 1));
  expect(screen.getByRole('toolbar', { name: 'Selection' }).textContent).toContain('30 selected');
  await user.keyboard('{Escape}');
  expect(selected()).toEqual([6]);
  expect(screen.queryByRole('toolbar', { name: 'Selection' })).toBeNull();
  await user.keyboard('{Meta>}a{/Meta}');
  expect(selected()).toHaveLength(COUNT);
});

it('opens the current original with Enter', async () => {
  const { user, opened } = await renderLibrary();
  await user.click(tile(3));
  await user.keyboard('{ArrowDown}{Enter}');
  expect(opened).toEqual([`trip/${name(7)}`]);
});

it('asks before Delete excludes the selected originals, and excludes nothing if refused', async () => {
  const { api, user } = await renderLibrary();
  const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false);
  await user.click(tile(4));
  await user.keyboard('{Shift>}{ArrowRight}{ArrowRight}{/Shift}{Delete}');
  await waitFor(() => expect(confirm).toHaveBeenCalledTimes(1));
  expect(confirm.mock.calls[0]?.[0]).toMatch(/^Exclude 3 originals from the library\?/);
  expect(api.inputsOf('setExcluded')).toEqual([]);

  confirm.mockReturnValue(true);
  await user.click(tile(8));
  await user.keyboard('{Delete}');
  await waitFor(() => expect(api.inputsOf('setExcluded')).toHaveLength(1));
  expect(confirm.mock.calls[1]?.[0]).toMatch(/^Exclude “p08.jpg” from the library\?/);
  expect(api.inputsOf('setExcluded')).toEqual([{ ids: [9], excluded: true }]);
  confirm.mockRestore();
});

it('purges the selected originals from the edge caches and says how it went', async () => {
  const { api, user } = await renderLibrary({
    purgeByHand: (input) => [
      {
        target: 'varnish:http://127.0.0.1:6081',
        result: {
          at: 1,
          outcome: 'ok',
          keys: 'originalIds' in input ? input.originalIds.length : 0,
          paths: 0,
          error: null,
        },
      },
    ],
  });
  await user.click(tile(4));
  await user.keyboard('{Shift>}{ArrowRight}{ArrowRight}{/Shift}');
  await user.click(screen.getByRole('button', { name: 'Purge caches' }));
  expect(await screen.findByText('Purged 3 originals at 1 target.')).toBeTruthy();
  expect(api.inputsOf('purgeByHand')).toEqual([{ originalIds: [5, 6, 7] }]);
});
