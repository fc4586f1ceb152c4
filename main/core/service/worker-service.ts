/**
 * The service in a worker thread: the host's thread keeps only HTTP or IPC, and stays
 * responsive whatever the library does (a 100,000-file scan, a replan, a big transaction).
 */
import { EventEmitter } from 'node:events';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
// libvips must be loaded by the main thread before any worker loads it (sharp's docs, "Worker
// threads"), so that its shared libraries outlive the worker.
import 'sharp';
import type { EventName, OperationName } from '../../../shared/contract/channels.js';
import { ThumbdeskError } from '../../../shared/contract/errors.js';
import type { OperationOutput } from '../../../shared/contract/operations.js';
import { RenderProcesses, type Renderer } from '../imaging/render-process.js';
import { serveRenders } from '../imaging/render-port.js';
import type { LibraryOptions } from '../library/library.js';
import { UrlApiError } from '../server/url-api/url-api-error.js';
import {
  URL_CATALOG_CALLS,
  type UrlCatalog,
  type UrlCatalogCall,
} from '../server/url-api/url-catalog.js';
import type { MediaFile } from './media-resolver.js';
import type { SecretStore } from './secret-store.js';
import type { ServiceHandle } from './service-host.js';
import type { ServiceOptions } from './service.js';
import type { FromWorker, ToWorker, UrlFailure } from './worker-protocol.js';

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };
type Request =
  Extract<ToWorker, { type: 'call' | 'media' | 'close' | 'url' }> extends infer T
    ? T extends ToWorker
      ? Omit<T, 'id'>
      : never
    : never;

/**
 * A worker running service-worker: `workerFile` when the host brings its own bundled copy (the
 * desktop app's, kept outside app.asar), else the compiled JavaScript, or under tests (which
 * run the TypeScript sources) that source through tsx's loader.
 */
function spawnWorker(
  workerData: { renders: MessagePort; [key: string]: unknown },
  workerFile: string | undefined,
): Worker {
  const transferList = [workerData.renders];
  if (workerFile) return new Worker(workerFile, { workerData, transferList });
  if (!import.meta.url.endsWith('.ts')) {
    const entry = new URL('./service-worker.js', import.meta.url);
    return new Worker(entry, { workerData, transferList });
  }
  const source = JSON.stringify(new URL('./service-worker.ts', import.meta.url).href);
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${source}); })`;
  return new Worker(boot, { eval: true, workerData, transferList });
}

/** A URL call's failure as the URL API knows it: a refusal with its status, else an Error. */
function urlError(failure: UrlFailure): Error {
  if (failure.status === undefined) return new Error(failure.message);
  return new UrlApiError(failure.status, failure.message, failure.headers);
}

/** Runs a secret request of the worker on the host's store, answering on the worker's port. */
function answerSecret(
  worker: Worker,
  store: SecretStore | undefined,
  message: Extract<FromWorker, { type: 'secret' }>,
): void {
  const method = store?.[message.method] as ((...args: unknown[]) => Promise<unknown>) | undefined;
  const work = method
    ? Promise.resolve().then(() => method.apply(store, message.args))
    : Promise.reject(new Error('this host keeps no secrets'));
  work.then(
    (value) => worker.postMessage({ type: 'secretReply', id: message.id, ok: true, value }),
    (error: unknown) =>
      worker.postMessage({
        type: 'secretReply',
        id: message.id,
        ok: false,
        message: (error as Error).message,
      }),
  );
}

/** The service in its worker, and the catalog side of the URL API that runs there too. */
export interface WorkerServiceHandle extends ServiceHandle {
  /** The URL API's catalog calls, answered by the worker (the catalog's one owner). */
  urlCatalog: UrlCatalog;
}

/**
 * Opens the library at `dir` in a worker thread and resolves once it is ready; `nativeBinding`
 * is better-sqlite3's addon for the worker to load (the Electron build, in the desktop app);
 * `secrets` is the host's secret store, which the worker reaches through messages (the OS
 * keychain belongs to the host's thread); `workerFile` is a bundled service-worker to run;
 * `renderer` runs the worker's previews in processes this thread can kill (a thread's render
 * cannot be stopped): one forked Node process unless given (the desktop app gives Electron's
 * utilityProcess kind), closed with the service; `service` is the host's ServiceOptions.
 * @example
 * const service = await startServiceWorker('./.thumbdesk', { pixelLimit: 1e8 });
 * await service.call('status');
 * await service.close();
 */
export function startServiceWorker(
  dir: string,
  options: LibraryOptions & {
    nativeBinding?: string | undefined;
    secrets?: SecretStore;
    workerFile?: string;
    renderer?: Renderer;
    service?: ServiceOptions;
  },
): Promise<WorkerServiceHandle> {
  const {
    secrets,
    workerFile,
    renderer = new RenderProcesses(1),
    service = {},
    ...libraryOptions
  } = options;
  const renders = new MessageChannel();
  serveRenders(renders.port1, renderer);
  const worker = spawnWorker(
    {
      dir,
      options: libraryOptions,
      service,
      secrets: secrets !== undefined,
      renders: renders.port2,
    },
    workerFile,
  );
  const emitter = new EventEmitter().setMaxListeners(0);
  const pending = new Map<number, Pending>();
  let nextId = 1;
  // Set once the worker is gone: later requests fail at once instead of waiting forever.
  let stopped: Error | undefined;

  const request = (message: Request) =>
    new Promise<unknown>((resolve, reject) => {
      if (stopped) return reject(stopped);
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id } as ToWorker);
    });

  const failAll = (error: Error) => {
    stopped = error;
    renderer.close();
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };

  return new Promise((resolve, reject) => {
    const urlCatalog = Object.fromEntries(
      URL_CATALOG_CALLS.map((name: UrlCatalogCall) => [
        name,
        (input: unknown) => request({ type: 'url', name, input }),
      ]),
    ) as UrlCatalog;
    const handle: WorkerServiceHandle = {
      urlCatalog,
      call: <N extends OperationName>(name: N, input?: unknown) =>
        request({ type: 'call', name, input }) as Promise<OperationOutput<N>>,
      on: (event: EventName, listener: (payload: never) => void) => {
        const forward = (payload: unknown) => listener(payload as never);
        emitter.on(event, forward);
        return () => void emitter.off(event, forward);
      },
      media: (path) => request({ type: 'media', path }) as Promise<MediaFile | undefined>,
      close: async () => {
        await request({ type: 'close' });
        renderer.close();
        await worker.terminate();
      },
    };
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'ready') resolve(handle);
      else if (message.type === 'failed') reject(new Error(message.message));
      else if (message.type === 'event') emitter.emit(message.name, message.payload);
      else if (message.type === 'secret') answerSecret(worker, secrets, message);
      else {
        const waiting = pending.get(message.id);
        pending.delete(message.id);
        if (message.ok) waiting?.resolve(message.value);
        else if (message.type === 'urlReply') waiting?.reject(urlError(message.failure));
        else waiting?.reject(new ThumbdeskError(message.error));
      }
    });
    worker.on('error', (error) => {
      reject(error);
      failAll(error);
    });
    worker.on('exit', () => failAll(new Error('the service worker stopped')));
  });
}
