// @vitest-environment happy-dom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, it } from 'vitest';
import { presetSchema, type Preset } from '../../../shared/preset-schema.js';
import { ApiProvider } from '../state/api-context.js';
import '../test-support/dom.js';
import { standInClient } from '../test-support/stand-in-client.js';
import { PresetsScreen } from './PresetsScreen.js';

const WEB: Preset = presetSchema.parse({ name: 'web', width: 640, formats: ['webp', 'jpeg'] });

/** The rebuild figure the host would answer: none for the saved recipe, 1 at width 320. */
function rebuildFor(preset: Preset, previousName: string | undefined) {
  const same = previousName === 'web' && JSON.stringify(preset) === JSON.stringify(WEB);
  if (same) return { name: preset.name, change: 'unchanged' as const, rebuild: 0 };
  return {
    name: preset.name,
    change: 'changed' as const,
    rebuild: preset.width === 320 ? 1 : 1200,
  };
}

function renderPresets() {
  const api = standInClient({
    listOriginals: () => ({ total: 0, offset: 0, items: [] }),
    rebuildCount: ({ preset, previousName }) => rebuildFor(preset, previousName),
    savePreset: ({ preset, previousName }) => rebuildFor(preset, previousName),
  });
  render(
    <ApiProvider api={api}>
      <PresetsScreen presets={[WEB]} />
    </ApiProvider>,
  );
  return api;
}

const field = (label: string) => screen.getByLabelText(label);
const messages = () => screen.queryAllByRole('alert').map((alert) => alert.textContent);
/** The figure under the form, once the draft has settled (it waits 300 ms) and the host answered. */
const rebuildStatus = (text: string) =>
  within(screen.getByRole('form')).findByText(text, {}, { timeout: 3000 });

it('names each field at fault, and saves nothing while one is', async () => {
  const api = renderPresets();
  const user = userEvent.setup();
  await user.click(screen.getByRole('button', { name: 'New preset' }));
  // Nothing is shouted at a form nobody has touched yet.
  expect(messages()).toEqual([]);
  await user.type(field('Name'), 'Big Thumbs');
  await user.type(field('Width'), 'wide');
  await user.clear(field('Densities'));
  await user.type(field('Densities'), '1, 9');
  await user.clear(field('Background'));
  await user.type(field('Background'), '#12');
  await user.click(screen.getByRole('checkbox', { name: 'webp' }));
  await user.click(screen.getByRole('checkbox', { name: 'jpeg' }));
  expect(messages()).toEqual([
    'Name must be lower-case letters, digits, - or _, starting with a letter or digit',
    'Width must be a number',
    'Formats needs at least one format',
    'Densities must be at most 4',
    'Background must be a CSS colour',
  ]);
  expect(field('Width').getAttribute('aria-invalid')).toBe('true');
  await user.click(screen.getByRole('button', { name: 'Save preset' }));
  expect(api.inputsOf('savePreset')).toEqual([]);
  expect(api.inputsOf('rebuildCount')).toEqual([]);
});

it('asks for a width or a height, and a width of at least 1', async () => {
  renderPresets();
  const user = userEvent.setup();
  await user.click(screen.getByRole('button', { name: 'New preset' }));
  await user.type(field('Name'), 'thumb');
  expect(messages()).toEqual(['Width needs a width or a height']);
  await user.type(field('Width'), '0');
  expect(messages()).toEqual(['Width must be at least 1']);
  await user.clear(field('Width'));
  await user.type(field('Height'), '200');
  expect(messages()).toEqual([]);
});

it('says how many derivatives an edit will rebuild, as the host counts them', async () => {
  const api = renderPresets();
  const user = userEvent.setup();
  await user.click(screen.getByRole('button', { name: /^web/ }));
  expect(await rebuildStatus('No change to save.')).toBeTruthy();
  await user.clear(field('Width'));
  await user.type(field('Width'), '1024');
  expect(await rebuildStatus('Saving rebuilds 1 200 derivatives.')).toBeTruthy();
  await user.clear(field('Width'));
  await user.type(field('Width'), '320');
  expect(await rebuildStatus('Saving rebuilds 1 derivative.')).toBeTruthy();
  // The host was asked about the recipe in the form, as an edit of the saved "web".
  expect(api.inputsOf('rebuildCount').at(-1)).toEqual({
    preset: { ...WEB, width: 320 },
    previousName: 'web',
  });
  await user.click(screen.getByRole('button', { name: 'Save preset' }));
  expect(await screen.findByText(/Saved “web”: 1 derivative to build/)).toBeTruthy();
});
