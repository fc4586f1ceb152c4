/**
 * Keys and hashes that make "stale" a comparison rather than a guess.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { stableStringify } from '../../../shared/stable-json.js';
import type { Preset } from '../../../shared/preset.js';
import type { RenderSpec } from './render-spec.js';

/** Bump when our own pipeline changes what it writes for the same spec. */
const PIPELINE_REVISION = 3;

/** The render engine's identity: our pipeline plus the sharp and libvips that run it. */
export const ENGINE_VERSION = `thumbdesk-${PIPELINE_REVISION}/sharp-${sharp.versions.sharp}/vips-${sharp.versions.vips}`;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The preset's recipe hash: every field that changes output bytes, plus the engine version.
 * Name and label are left out, so renaming a preset stales nothing.
 * @example recipeHash(parsePreset({ name: 'a', width: 10 })) === recipeHash(parsePreset({ name: 'b', width: 10 }))
 */
export function recipeHash(preset: Preset): string {
  const { name: _name, label: _label, ...recipe } = preset;
  return sha256(stableStringify({ engine: ENGINE_VERSION, recipe }));
}

/**
 * A derivative's key: its original's content hash and the exact spec it is rendered from.
 * @example derivativeKey(original.hash, renderSpecFor(preset, facts, 'webp', 1))
 */
export function derivativeKey(contentHash: string, spec: RenderSpec): string {
  return sha256(stableStringify({ engine: ENGINE_VERSION, content: contentHash, spec })).slice(
    0,
    32,
  );
}
