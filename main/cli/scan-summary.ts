import type { ScanReport } from '../core/library/scan.js';

/** One line per scanned source. */
export function scanSummary(r: ScanReport): string {
  return `${r.source}: ${r.added} added, ${r.changed} changed, ${r.unchanged + r.touched} unchanged, ${r.removed} removed, ${r.failed} failed`;
}
