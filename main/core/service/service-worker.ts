/**
 * The worker thread's side of startServiceWorker: the library and the service live here, so
 * SQLite statements, scans and planning never run on the host's thread (Signal Desktop keeps its
 * SQLite off the main thread for the same reason). Messages are described in worker-protocol.ts.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { EVENT_NAMES } from '../../../shared/contract/channels.js';
import { useNativeBinding } from '../catalog/database.js';
import { PortRenderer } from '../imaging/render-port.js';
import { Library, type LibraryOptions } from '../library/library.js';
import { SECRET_METHODS, type SecretStore } from './secret-store.js';
import { ThumbdeskService, type ServiceOptions } from './service.js';
import { toThumbdeskError } from './service-error.js';
import type { FromWorker, ToWorker, UrlFailure } from './worker-protocol.js';
import { UrlApiError } from '../server/url-api/url-api-error.js';

const port = parentPort!;
const send = (message: FromWorker) => port.postMessage(message);
const {
  dir,
  options,
  service: serviceOptions,
  secrets,
  renders,
} = workerData as {
  dir: string;
  options: LibraryOptions & { nativeBinding?: string };
  service: ServiceOptions;
  secrets: boolean;
  /** Where previews render: the host's render processes (startServiceWorker's `renderer`). */
  renders: MessagePort;
};

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };
const pendingSecrets = new Map<number, Pending>();
let nextSecretId = 1;

/** The host's secret store, asked through messages; each method answers as the host's does. */
function remoteSecretStore(): SecretStore {
  const ask =
    (method: (typeof SECRET_METHODS)[number]) =>
    (...args: unknown[]) =>
      new Promise<unknown>((resolve, reject) => {
        const id = nextSecretId++;
        pendingSecrets.set(id, { resolve, reject });
        send({ type: 'secret', id, method, args });
      });
  return Object.fromEntries(SECRET_METHODS.map((m) => [m, ask(m)])) as unknown as SecretStore;
}

/** A URL call's error as the HTTP thread rebuilds it: refusals keep their status. */
function urlFailure(error: unknown): UrlFailure {
  if (error instanceof UrlApiError) {
    return { status: error.status, message: error.message, headers: error.headers };
  }
  return { message: (error as Error).stack ?? String(error) };
}

function answerUrl(message: Extract<ToWorker, { type: 'url' }>, service: ThumbdeskService): void {
  // Made on the first call: a host that serves no URL never pays for it.
  const call = service.urlCatalog()[message.name] as (input: unknown) => Promise<unknown>;
  Promise.resolve()
    .then(() => call(message.input))
    .then(
      (value) => send({ type: 'urlReply', id: message.id, ok: true, value }),
      (error: unknown) =>
        send({ type: 'urlReply', id: message.id, ok: false, failure: urlFailure(error) }),
    );
}

async function answer(
  message: Exclude<ToWorker, { type: 'secretReply' | 'url' }>,
  service: ThumbdeskService,
): Promise<unknown> {
  switch (message.type) {
    case 'call':
      return service.call(message.name, message.input);
    case 'media':
      return service.media(message.path);
    case 'close':
      await service.shutdown();
      service.library.close();
      return null;
  }
}

try {
  if (options.nativeBinding) useNativeBinding(options.nativeBinding);
  const service = new ThumbdeskService(
    Library.open(dir, options),
    secrets ? remoteSecretStore() : undefined,
    new PortRenderer(renders),
    serviceOptions,
  );
  for (const name of EVENT_NAMES) {
    service.on(name, (payload: unknown) => send({ type: 'event', name, payload }));
  }
  port.on('message', (message: ToWorker) => {
    if (message.type === 'secretReply') {
      const waiting = pendingSecrets.get(message.id);
      pendingSecrets.delete(message.id);
      if (message.ok) waiting?.resolve(message.value);
      else waiting?.reject(new Error(message.message));
      return;
    }
    if (message.type === 'url') return answerUrl(message, service);
    answer(message, service).then(
      (value) => send({ type: 'reply', id: message.id, ok: true, value }),
      (error: unknown) =>
        send({ type: 'reply', id: message.id, ok: false, error: toThumbdeskError(error).toBody() }),
    );
  });
  send({ type: 'ready' });
} catch (error) {
  send({ type: 'failed', message: (error as Error).message });
}
