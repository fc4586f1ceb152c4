/**
 * What a host (HTTP server, Electron main process) needs of the service, whether it runs in the
 * host's own thread (ThumbdeskService) or in a worker thread (startServiceWorker).
 */
import type { EventListener } from '../../../shared/contract/api.js';
import type { EventName, OperationName } from '../../../shared/contract/channels.js';
import type { OperationOutput } from '../../../shared/contract/operations.js';
import type { MediaFile } from './media-resolver.js';

export interface ContractService {
  /** Runs one operation; rejects with a ThumbdeskError. */
  call<N extends OperationName>(name: N, input?: unknown): Promise<OperationOutput<N>>;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: EventListener<E>): () => void;
  /** The file a media path names, when it is one of the library's. */
  media(mediaPath: string): Promise<MediaFile | undefined>;
}

/** A service a host owns: closing it stops its jobs and closes its library. */
export interface ServiceHandle extends ContractService {
  close(): Promise<void>;
}
