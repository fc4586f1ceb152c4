/**
 * The worker thread's side of startServiceWorker: the library and the service live here, so
 * SQLite statements, scans and planning never run on the host's thread (Signal Desktop keeps its
 * SQLite off the main thread for the same reason). Messages are described in worker-protocol.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EVENT_NAMES } from '../../../shared/contract/channels.js';
import { useNativeBinding } from '../catalog/database.js';
import { Library, type LibraryOptions } from '../library/library.js';
import { ThumbdeskService } from './service.js';
import { toThumbdeskError } from './service-error.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

const port = parentPort!;
const send = (message: FromWorker) => port.postMessage(message);
const { dir, options } = workerData as {
  dir: string;
  options: LibraryOptions & { nativeBinding?: string };
};

async function answer(message: ToWorker, service: ThumbdeskService): Promise<unknown> {
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
  const service = new ThumbdeskService(Library.open(dir, options));
  for (const name of EVENT_NAMES) {
    service.on(name, (payload: unknown) => send({ type: 'event', name, payload }));
  }
  port.on('message', (message: ToWorker) => {
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
