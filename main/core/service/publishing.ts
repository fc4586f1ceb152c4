/**
 * The contract's publishing operations over main/core/publish: targets, the plan (a dry run),
 * a publish as a job of the JobManager (so it never overlaps a generate), and the history.
 * Secrets typed into the UI go to the host's secret store, never into the catalog; a target
 * keeps only the reference to its secret.
 */
import {
  publishJobLabel,
  type PublishPlanView,
  type PublishRunView,
  type SecretSupport,
  type TargetView,
} from '../../../shared/contract/models.js';
import type { OperationOutput, ParsedInput } from '../../../shared/contract/operations.js';
import { formatBytes, groupDigits } from '../../../shared/naming.js';
import type { Library } from '../library/library.js';
import { publish, publishHistory, type PublishOptions } from '../publish/publish.js';
import {
  addTarget,
  listTargets,
  removeTarget,
  resolveTarget,
  type Target,
} from '../publish/target.js';
import { NO_PROGRESS, type JobManager } from './job-manager.js';
import { NO_SECRET_STORE, secretRefFor, type SecretStore } from './secret-store.js';
import { ServiceError } from './service-error.js';

/** @example toTargetView(resolveTarget(db, 'site')) */
export function toTargetView(target: Target): TargetView {
  const { options, destination } = target;
  return {
    name: target.name ?? target.location,
    kind: destination.kind,
    location: target.location,
    template: options.template,
    cacheControl: target.cacheControl,
    endpoint: options.endpoint ?? null,
    region: options.region ?? null,
    pathStyle: options.pathStyle,
    profile: options.profile ?? null,
    storedSecret: options.credentialsRef !== undefined,
  };
}

/** "12 uploaded (84 KB), 40 unchanged, 2 deleted" */
function runSummary(report: {
  uploaded: number;
  bytes: number;
  unchanged: number;
  deleted: number;
}) {
  return (
    `${groupDigits(report.uploaded)} uploaded (${formatBytes(report.bytes)}), ` +
    `${groupDigits(report.unchanged)} unchanged, ${groupDigits(report.deleted)} deleted`
  );
}

/**
 * @example
 * const publishing = new Publishing(library, jobs, () => emit(...), secrets);
 * const plan = await publishing.plan({ target: 'site', delete: false });
 */
export class Publishing {
  constructor(
    private readonly library: Library,
    private readonly jobs: JobManager,
    private readonly changed: (what: 'targets' | 'publications') => void,
    private readonly secrets: SecretStore | undefined,
  ) {}

  async targets(): Promise<OperationOutput<'listTargets'>> {
    const secrets: SecretSupport = this.secrets ? await this.secrets.support() : NO_SECRET_STORE;
    return { targets: listTargets(this.library.db).map(toTargetView), secrets };
  }

  async add(input: ParsedInput<'addTarget'>): Promise<TargetView> {
    const { name, destination, secret, ...options } = input;
    if (secret) {
      const support = this.secrets ? await this.secrets.support() : NO_SECRET_STORE;
      if (!this.secrets || !support.accepted) {
        throw new ServiceError('refused', support.note ?? NO_SECRET_STORE.note!);
      }
      if (!destination.startsWith('s3://')) {
        throw new ServiceError('invalid-input', 'a folder target takes no access key');
      }
    }
    const credentialsRef = secret ? secretRefFor(name) : undefined;
    const target = addTarget(this.library.db, name, destination, { ...options, credentialsRef });
    if (secret) {
      try {
        await this.secrets!.save(credentialsRef!, secret);
      } catch (error) {
        // A target whose secret was not kept would fail at its first publish: better not at all.
        removeTarget(this.library.db, name);
        throw new ServiceError(
          'refused',
          `the access key was not stored: ${(error as Error).message}`,
        );
      }
    }
    this.changed('targets');
    return toTargetView(target);
  }

  async remove({ name }: ParsedInput<'removeTarget'>): Promise<{ name: string }> {
    const target = resolveTarget(this.library.db, name);
    removeTarget(this.library.db, name);
    if (target.options.credentialsRef) await this.secrets?.remove(target.options.credentialsRef);
    this.changed('targets');
    return { name };
  }

  async plan(input: ParsedInput<'publishPlan'>): Promise<PublishPlanView> {
    const target = resolveTarget(this.library.db, input.target);
    const report = await publish(this.library, target, {
      dryRun: true,
      delete: input.delete,
      ...(await this.credentials(target)),
    });
    return {
      target: target.name ?? report.target,
      uploads: report.uploaded,
      deletes: report.deleteKeys.length,
      unchanged: report.unchanged,
      bytes: report.bytes,
      waiting: report.waiting,
      failed: report.failed,
      uploadKeys: report.uploadKeys,
      deleteKeys: report.deleteKeys,
      strayKeys: report.strayKeys,
      errors: report.errors,
    };
  }

  run(input: ParsedInput<'publish'>): OperationOutput<'publish'> {
    const target = resolveTarget(this.library.db, input.target);
    return this.jobs.enqueue(
      'publish',
      publishJobLabel(input.target),
      async ({ signal, progress }) => {
        try {
          if (input.build) progress(NO_PROGRESS, 'build');
          const report = await publish(this.library, target, {
            delete: input.delete,
            build: input.build,
            verify: input.verify,
            signal,
            onProgress: (snapshot, phase) => progress(snapshot, phase),
            ...(await this.credentials(target)),
          });
          const summary = runSummary(report);
          if (report.failed > 0 && !report.cancelled) {
            const first = report.errors[0];
            throw new Error(
              `${summary}, ${groupDigits(report.failed)} failed${first ? ` (${first.key}: ${first.error})` : ''}`,
            );
          }
          return summary;
        } finally {
          this.changed('publications');
        }
      },
    );
  }

  history(input: ParsedInput<'publishHistory'>): PublishRunView[] {
    const target = input.target ? resolveTarget(this.library.db, input.target) : undefined;
    // The run's pid is the host's business, and the output schema drops it.
    return publishHistory(this.library, { limit: input.limit, target }).map(
      ({ jobId, ...run }) => ({ id: jobId, ...run }),
    );
  }

  /** The credentials of a target whose secret the host keeps; none for the others. */
  private async credentials(target: Target): Promise<Pick<PublishOptions, 'credentials'>> {
    const ref = target.options.credentialsRef;
    if (!ref) return {};
    if (!this.secrets) {
      throw new ServiceError(
        'refused',
        `the access key of "${target.name}" is kept by the desktop app; publish from there, or remove the target and add it again without a typed key`,
      );
    }
    const secret = await this.secrets.load(ref);
    if (!secret) {
      throw new ServiceError(
        'refused',
        `the access key of "${target.name}" is no longer stored; remove the target and add it again`,
      );
    }
    return { credentials: secret };
  }
}
