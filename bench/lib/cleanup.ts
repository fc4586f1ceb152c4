/**
 * Stops what a benchmark started (servers, caches, load generators) however it ends: normally,
 * by an error, or by Ctrl-C / SIGTERM, so that no varnishd, nginx or serve outlives a run and
 * keeps a port or a core busy on a shared machine.
 */

type Stop = () => void | Promise<void>;

const stops = new Set<Stop>();
let installed = false;
let exiting = false;

let running: Promise<void> | undefined;

/**
 * Runs every registered stop (newest first), each once, errors reported but not fatal. A call
 * while a cleanup runs (a signal and a `finally` at once) waits for that same cleanup.
 * @example try { await measure(); } finally { await cleanUp(); }
 */
export function cleanUp(): Promise<void> {
  running ??= (async () => {
    for (const stop of [...stops].reverse()) {
      stops.delete(stop);
      try {
        await stop();
      } catch (error) {
        console.error(`cleanup: ${(error as Error).message}`);
      }
    }
  })().finally(() => (running = undefined));
  return running;
}

/**
 * True once a signal has asked the benchmark to stop: the errors of the work it cut short (a
 * killed wrk) are then expected, not worth a stack trace.
 * @example catch (error) { if (!interrupted()) throw error; }
 */
export function interrupted(): boolean {
  return exiting;
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (exiting) return; // a second Ctrl-C while stopping: the first one is already at work
      exiting = true;
      console.error(`\n${signal}: stopping what the benchmark started`);
      void cleanUp().finally(() => process.exit(128 + (signal === 'SIGINT' ? 2 : 15)));
    });
  }
}

/**
 * Registers `stop` to run on cleanUp() or on a signal; returns a function that forgets it (for
 * a process that ended by itself).
 * @example const forget = onCleanup(() => server.stop()); await work(); await server.stop(); forget();
 */
export function onCleanup(stop: Stop): () => void {
  install();
  stops.add(stop);
  return () => stops.delete(stop);
}

/**
 * Starts something with a `stop()` and registers that stop; the stop returned also forgets it.
 * @example const nginx = await started(startNginx(root, port, 1, dir));
 */
export async function started<T extends { stop: () => Promise<void> }>(
  start: Promise<T>,
): Promise<T> {
  const thing = await start;
  const forget = onCleanup(thing.stop);
  return {
    ...thing,
    stop: async () => {
      forget();
      await thing.stop();
    },
  };
}
