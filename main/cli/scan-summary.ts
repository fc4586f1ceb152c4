/** One line per scanned source. */
export function scanSummary(r: {
  source: string;
  added: number;
  changed: number;
  touched: number;
  unchanged: number;
  removed: number;
  failed: number;
}): string {
  return `${r.source}: ${r.added} added, ${r.changed} changed, ${r.unchanged + r.touched} unchanged, ${r.removed} removed, ${r.failed} failed`;
}
