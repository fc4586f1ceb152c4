/**
 * Naming rules shared by every host: source names, file extensions and sizes in words.
 * Pure functions; no Node, no DOM.
 */
import type { EncodedFormat } from './preset.js';

const EXTENSIONS: Record<EncodedFormat, string> = {
  jpeg: 'jpg',
  webp: 'webp',
  avif: 'avif',
  png: 'png',
  gif: 'gif',
};

const MIME_TYPES: Record<EncodedFormat, string> = {
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  avif: 'image/avif',
  png: 'image/png',
  gif: 'image/gif',
};

/** @example extensionFor('jpeg') === 'jpg' */
export function extensionFor(format: EncodedFormat): string {
  return EXTENSIONS[format];
}

/** @example mimeTypeFor('avif') === 'image/avif' */
export function mimeTypeFor(format: EncodedFormat): string {
  return MIME_TYPES[format];
}

/**
 * A short source name from a folder's basename, made unique against the names already taken.
 * @example sourceNameFor('/photos/My Trip', new Set(['my-trip'])) === 'my-trip-2'
 */
export function sourceNameFor(folderPath: string, taken: ReadonlySet<string>): string {
  const base =
    folderPath
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() ?? '';
  const slug =
    base
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'source';
  if (!taken.has(slug)) return slug;
  for (let n = 2; ; n += 1) {
    const candidate = `${slug}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** A density as written in names: 1 → '', 2 → '@2x', 1.5 → '@1.5x'. */
export function densitySuffix(density: number): string {
  return density === 1 ? '' : `@${density}x`;
}

/**
 * Pixel dimensions as people read them.
 * @example formatDimensions(1920, 1280) === '1920 × 1280'
 */
export function formatDimensions(width: number, height: number): string {
  return `${width} × ${height}`;
}

/**
 * A whole number with spaces between thousands, as in "47 000 × 31 000".
 * @example groupDigits(47000) === '47 000'
 */
export function groupDigits(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];
/**
 * Bytes in human units (powers of 1024, as file managers show them).
 * @example formatBytes(86016) === '84 KB'
 */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/**
 * A derivative's size against its original's, as a signed percentage.
 * @example formatSaving(16, 100) === '−84 %'
 */
export function formatSaving(bytes: number, originalBytes: number): string {
  if (originalBytes <= 0) return '';
  const change = Math.round(((bytes - originalBytes) / originalBytes) * 100);
  return `${change < 0 ? '−' : '+'}${Math.abs(change)} %`;
}
