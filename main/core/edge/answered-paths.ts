/**
 * The image paths this server answered, by surrogate key, so that a purge by key can name the
 * paths too (CloudFront invalidates paths, not keys). Bounded: past `maxPaths` the paths of the
 * least recently answered keys go first. Kept in memory: after a restart only paths answered
 * since are known, while caches that purge by key (Varnish, Fastly, Cloudflare) need none.
 */

/**
 * @example
 * const answered = new AnsweredPaths(100_000);
 * answered.record('/insecure/w:300/plain/local:///a.jpg', ['o-0123456789abcdef']);
 * answered.pathsFor(['o-0123456789abcdef']); // ['/insecure/w:300/plain/local:///a.jpg']
 */
export class AnsweredPaths {
  private readonly byKey = new Map<string, Set<string>>();
  private size = 0;

  constructor(private readonly maxPaths: number) {}

  record(path: string, keys: readonly string[]): void {
    for (const key of keys) {
      const paths = this.byKey.get(key) ?? new Set<string>();
      // Re-inserted so that Map order stays least recently answered first.
      this.byKey.delete(key);
      this.byKey.set(key, paths);
      if (!paths.has(path)) {
        paths.add(path);
        this.size += 1;
      }
    }
    for (const [key, paths] of this.byKey) {
      if (this.size <= this.maxPaths) break;
      this.byKey.delete(key);
      this.size -= paths.size;
    }
  }

  /** The paths answered under any of `keys`, each once; they are forgotten, as purged. */
  takePathsFor(keys: readonly string[]): string[] {
    const out = new Set<string>();
    for (const key of keys) {
      const paths = this.byKey.get(key);
      if (!paths) continue;
      for (const path of paths) out.add(path);
      this.byKey.delete(key);
      this.size -= paths.size;
    }
    return [...out];
  }
}
