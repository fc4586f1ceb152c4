/**
 * Where a host keeps secrets typed into the UI (S3 access keys), away from the catalog. The
 * desktop app has one (Electron's safeStorage, main/app/secret-file.ts); `thumbdesk serve` has
 * none, so there S3 credentials come from the AWS SDK's standard sources only.
 */
import type { SecretSupport } from '../../../shared/contract/models.js';

export interface S3Secret {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface SecretStore {
  /** Whether secrets can be kept, and a warning when they would be kept weakly. */
  support(): Promise<SecretSupport>;
  save(ref: string, secret: S3Secret): Promise<void>;
  /** Undefined when nothing is kept under `ref`. */
  load(ref: string): Promise<S3Secret | undefined>;
  remove(ref: string): Promise<void>;
}

/** What a host without a secret store says about typed secrets. */
export const NO_SECRET_STORE: SecretSupport = {
  accepted: false,
  note:
    'This host keeps no typed secrets. S3 credentials come from the standard AWS sources: ' +
    'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment of `thumbdesk serve`, ' +
    '~/.aws/credentials and ~/.aws/config (with a profile), SSO or an instance role.',
};

/** The reference a target's secret is kept under (the target's `credentialsRef`). */
export function secretRefFor(targetName: string): string {
  return `target:${targetName}`;
}

/** The methods a worker asks its host's store for, by name (worker-protocol.ts). */
export const SECRET_METHODS = ['support', 'save', 'load', 'remove'] as const;
export type SecretMethod = (typeof SECRET_METHODS)[number];
