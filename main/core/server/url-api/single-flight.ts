/**
 * Coalesces concurrent calls for the same key into one: while a call is in flight, every other
 * caller with its key gets the same promise, so 100 identical requests cause one render.
 */
export class SingleFlight<K, V> {
  private readonly inFlight = new Map<K, Promise<V>>();

  /**
   * Runs `work` unless a call with `key` is already running; `shared` says which happened.
   * @example const { promise, shared } = flights.run(key, () => build(key));
   */
  run(key: K, work: () => Promise<V>): { promise: Promise<V>; shared: boolean } {
    const running = this.inFlight.get(key);
    if (running) return { promise: running, shared: true };
    const promise = work().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return { promise, shared: false };
  }
}
