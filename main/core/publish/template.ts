/**
 * Naming templates: how a derivative's remote key is made from catalog data.
 *
 * Placeholders: {preset}, {source}, {dir} (the original's folder, starting with its source's
 * name), {stem} (file name without extension), {density} (1, 2, 1.5), {@density} ('' or '@2x'),
 * {format} (jpeg, webp…), {ext} (jpg, webp…) and {hash} (the first 16 hex digits of the
 * SHA-256 of the bytes: a content-addressed, immutable name).
 */
import { densitySuffix, extensionFor } from '../../../shared/naming.js';
import type { EncodedFormat } from '../../../shared/preset.js';
import { KeyError, safeKey } from './keys.js';

export const DEFAULT_TEMPLATE = '{preset}/{dir}/{stem}{@density}.{ext}';

/** Cache-Control for names that change with their content. */
const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** Cache-Control for names that keep their name when their bytes change. */
const DEFAULT_CACHE_CONTROL = 'public, max-age=3600';
/** The manifest is re-read by sites after every publish. */
export const MANIFEST_CACHE_CONTROL = 'no-cache';

/** What a template is filled from. */
interface NameParts {
  preset: string;
  source: string;
  /** The original's path relative to its source, with '/' separators. */
  relPath: string;
  density: number;
  format: EncodedFormat;
  sha256: string;
}

const HASH_DIGITS = 16;
const PLACEHOLDER = /\{(@?[a-z]+)\}/g;
const NAMES = new Set([
  'preset',
  'source',
  'dir',
  'stem',
  'density',
  '@density',
  'format',
  'ext',
  'hash',
]);

function values(parts: NameParts): Record<string, string> {
  const slash = parts.relPath.lastIndexOf('/');
  // Stryker disable next-line EqualityOperator: at 0 the slice (0, 0) is '' as well
  const folder = slash < 0 ? '' : parts.relPath.slice(0, slash);
  const base = parts.relPath.slice(slash + 1);
  const dot = base.lastIndexOf('.');
  return {
    preset: parts.preset,
    source: parts.source,
    dir: folder ? `${parts.source}/${folder}` : parts.source,
    stem: dot > 0 ? base.slice(0, dot) : base,
    density: String(parts.density),
    '@density': densitySuffix(parts.density),
    format: parts.format,
    ext: extensionFor(parts.format),
    hash: parts.sha256.slice(0, HASH_DIGITS),
  };
}

/**
 * The remote key of one derivative under `template`, checked (see keys.ts).
 * @example keyFor(DEFAULT_TEMPLATE, { preset: 'card', source: 'photos', relPath: 'a/b.jpg',
 *   density: 2, format: 'webp', sha256 }) === 'card/photos/a/b@2x.webp'
 */
export function keyFor(template: string, parts: NameParts): string {
  const filled = values(parts);
  return safeKey(template.replace(PLACEHOLDER, (_m, name: string) => filled[name] ?? ''));
}

/**
 * Refuses a template with unknown placeholders, or one that can make unsafe keys.
 * @example checkTemplate('{preset}/{hash}.{ext}')
 */
export function checkTemplate(template: string): void {
  for (const [, name] of template.matchAll(PLACEHOLDER)) {
    if (!NAMES.has(name!)) {
      throw new KeyError(
        template,
        `unknown placeholder {${name}}; use ${[...NAMES].map((n) => `{${n}}`).join(' ')}`,
        'template',
      );
    }
  }
  if (!template.includes('{hash}') && !template.includes('{stem}')) {
    throw new KeyError(template, 'it needs {stem} or {hash} to tell files apart', 'template');
  }
  try {
    keyFor(template, {
      preset: 'p',
      source: 's',
      relPath: 'd/f.jpg',
      density: 2,
      format: 'jpeg',
      sha256: '0'.repeat(64),
    });
  } catch (error) {
    throw new KeyError(template, `its keys are unsafe: ${(error as KeyError).reason}`, 'template');
  }
}

/** Whether names made by `template` change whenever the bytes do. */
function isContentAddressed(template: string): boolean {
  return template.includes('{hash}');
}

/**
 * The Cache-Control a template's objects get unless the target sets one.
 * @example defaultCacheControl('{hash}.{ext}') === IMMUTABLE_CACHE_CONTROL
 */
export function defaultCacheControl(template: string): string {
  return isContentAddressed(template) ? IMMUTABLE_CACHE_CONTROL : DEFAULT_CACHE_CONTROL;
}
