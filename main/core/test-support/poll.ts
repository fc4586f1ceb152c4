/**
 * Waiting in tests for a condition that comes true by itself (a watcher, a server): polled
 * against a deadline instead of a fixed sleep.
 */

/**
 * Resolves with the first truthy value of `probe`, polled every `intervalMs`; rejects naming
 * `what` when the deadline passes first.
 * @example const row = await until('the new file in the catalog', () => find('a.jpg'));
 */
export async function until<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  { timeoutMs = 10_000, intervalMs = 50 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
