/**
 * The manifest (`thumbdesk.json`, docs/manifest.md): per original, by `source/path`, its
 * size, hash and placeholder and, per preset, its variants, all a site needs for `srcset`.
 * Its text depends only on its content (sorted keys, no dates), so an unchanged catalog gives the
 * same bytes and the manifest is not uploaded again.
 */
import { stableStringify } from '../../../shared/stable-json.js';

export const MANIFEST_KEY = 'thumbdesk.json';

interface ManifestVariant {
  path: string;
  format: string;
  width: number;
  height: number;
  density: number;
  bytes: number;
}

interface ManifestOriginal {
  width: number;
  height: number;
  hash: string;
  placeholder: string | null;
  presets: Record<string, ManifestVariant[]>;
}

export interface Manifest {
  generator: 'thumbdesk';
  version: 1;
  originals: Record<string, ManifestOriginal>;
}

/** One published variant and the original it belongs to. */
export interface ManifestEntry {
  original: { id: string; width: number; height: number; hash: string; placeholder: string | null };
  preset: string;
  variant: ManifestVariant;
}

/**
 * @example const text = manifestText(entries.filter(isPublished));
 */
export function manifestText(entries: readonly ManifestEntry[]): string {
  const manifest: Manifest = { generator: 'thumbdesk', version: 1, originals: {} };
  for (const { original, preset, variant } of entries) {
    const { id, ...facts } = original;
    const item = (manifest.originals[id] ??= { ...facts, presets: {} });
    (item.presets[preset] ??= []).push(variant);
  }
  for (const item of Object.values(manifest.originals)) {
    for (const variants of Object.values(item.presets)) {
      variants.sort((a, b) => a.density - b.density || a.format.localeCompare(b.format));
    }
  }
  return `${stableStringify(manifest)}\n`;
}
