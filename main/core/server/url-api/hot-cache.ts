/**
 * The most recently served results, kept in memory up to a byte budget (least recently used
 * out first). Results are named by their derivative key, which is derived from the original's
 * bytes and the spec, so an entry can never be stale: it only saves the file read.
 */
export class HotCache {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;

  /** @param maxBytes the budget; 0 keeps nothing. */
  constructor(private readonly maxBytes: number) {}

  /** @example const bytes = hot.get(key) ?? (await readFile(file)); */
  get(key: string): Buffer | undefined {
    const data = this.entries.get(key);
    if (data) {
      // Re-inserting moves the entry to the young end of the Map's order.
      this.entries.delete(key);
      this.entries.set(key, data);
    }
    return data;
  }

  /** Keeps `data` unless it alone would take more than an eighth of the budget. */
  set(key: string, data: Buffer): void {
    if (data.length > this.maxBytes / 8 || this.entries.has(key)) return;
    this.entries.set(key, data);
    this.bytes += data.length;
    for (const [oldest, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= old.length;
    }
  }
}
