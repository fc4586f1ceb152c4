import { formatBytes, formatSaving } from '../../../shared/naming.js';

/** "84 KB, −91 %": an output's size and its saving against the original's. */
export function bytesWithSaving(bytes: number | null, originalBytes: number): string {
  if (bytes === null) return '—';
  const saving = formatSaving(bytes, originalBytes);
  return saving ? `${formatBytes(bytes)}, ${saving}` : formatBytes(bytes);
}
