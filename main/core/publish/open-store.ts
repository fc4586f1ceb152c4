/**
 * The store behind a target.
 */
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { FolderStore } from './stores/folder-store.js';
import type { ObjectStore } from './stores/object-store.js';
import type { Target } from './target.js';

export interface StoreOptions {
  /** For a target with a `credentialsRef`: the credentials the host resolved from it. */
  credentials?: S3ClientConfig['credentials'];
  multipartThreshold?: number;
}

/**
 * The AWS SDK is loaded only when an S3 target is opened: it costs every other command about
 * 100 ms of start-up.
 * @example const store = await openStore(resolveTarget(db, 'site')); try { … } finally { store.close(); }
 */
export async function openStore(target: Target, options: StoreOptions = {}): Promise<ObjectStore> {
  const d = target.destination;
  if (d.kind === 'folder') return new FolderStore(d.folder);
  const { S3Store } = await import('./stores/s3-store.js');
  return new S3Store({
    bucket: d.bucket,
    prefix: d.prefix,
    endpoint: target.options.endpoint,
    region: target.options.region,
    pathStyle: target.options.pathStyle,
    profile: target.options.profile,
    credentials: options.credentials,
    multipartThreshold: options.multipartThreshold,
  });
}
