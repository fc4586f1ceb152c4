import { Option, type Command } from 'commander';
import { formatBytes } from '../../../shared/naming.js';
import type { TargetOptionsInput } from '../../core/publish/target.js';
import { EXIT_PARTIAL, positiveInt, withLibrary } from '../command-kit.js';
import { withProgress } from '../progress-bar.js';

/** The target options given on the command line. */
export interface S3Flags {
  endpoint?: string;
  region?: string;
  pathStyle?: boolean;
  profile?: string;
  template?: string;
  cacheControl?: string;
}

/** Adds the options that describe a target to a command (targets add, publish). */
export function s3Options(command: Command): Command {
  return command
    .option('--endpoint <url>', 'S3-compatible endpoint (R2, MinIO, B2…); AWS when omitted')
    .option('--region <region>', 'S3 region (default: AWS_REGION, else us-east-1)')
    .addOption(new Option('--path-style', 'path-style addressing (MinIO, s3rver)'))
    .option('--profile <name>', 'profile of the shared AWS config and credentials files')
    .option(
      '--template <template>',
      'naming template, default {preset}/{dir}/{stem}{@density}.{ext}',
    )
    .option('--cache-control <value>', 'Cache-Control for derivatives');
}

/** @example targetOverrides({ pathStyle: true }) */
export function targetOverrides(flags: S3Flags): Partial<TargetOptionsInput> {
  return {
    endpoint: flags.endpoint,
    region: flags.region,
    pathStyle: flags.pathStyle,
    profile: flags.profile,
    template: flags.template,
    cacheControl: flags.cacheControl,
  };
}

interface PublishFlags extends S3Flags {
  dryRun?: boolean;
  delete?: boolean;
  verify?: boolean;
  build?: boolean;
  concurrency?: number;
}

export function register(program: Command): void {
  s3Options(
    program
      .command('publish')
      .description('upload fresh derivatives and the manifest to a target, as a diff')
      .argument('<target>', 'a saved target, a folder, or s3://bucket/prefix'),
  )
    .option('--dry-run', 'print the plan (counts, bytes, keys) and send nothing')
    .option('--delete', 'remove published objects that no longer belong')
    .option('--verify', 'HEAD every object and repair what is missing or differs')
    .option('--build', 'build missing and stale derivatives first')
    .option('--concurrency <n>', 'requests at once (default 8)', positiveInt)
    .action(
      withLibrary(program, async (library, out, spec: string, flags: PublishFlags) => {
        // Loaded when publish runs: the stores (the S3 SDK) and zod are not start-up's cost.
        const { publish } = await import('../../core/publish/publish.js');
        const { resolveTarget } = await import('../../core/publish/target.js');
        const target = resolveTarget(library.db, spec, targetOverrides(flags));
        const report = await withProgress('publish', ({ signal, onProgress }) =>
          publish(library, target, {
            dryRun: flags.dryRun,
            delete: flags.delete,
            verify: flags.verify,
            build: flags.build,
            concurrency: flags.concurrency,
            signal,
            onProgress: (s, phase) => {
              if (phase === 'send') onProgress(s);
            },
          }),
        );
        const { uploaded, unchanged, deleted, failed, bytes, waiting, repaired } = report;
        out.result(
          {
            uploaded,
            unchanged,
            deleted,
            failed,
            bytes,
            waiting,
            repaired,
            dryRun: report.dryRun,
            cancelled: report.cancelled,
            drift: report.drift,
            errors: report.errors,
            ...(report.dryRun ? { upload: report.uploadKeys, delete: report.deleteKeys } : {}),
          },
          () => {
            const lines: string[] = [];
            if (report.dryRun) {
              lines.push(...report.uploadKeys.map((k) => `upload  ${k}`));
              lines.push(...report.deleteKeys.map((k) => `delete  ${k}`));
            }
            for (const d of report.drift) lines.push(`drift   ${d.key}: ${d.found}`);
            for (const e of report.errors) lines.push(`failed  ${e.key}: ${e.error}`);
            const verb = report.dryRun ? 'would upload' : 'uploaded';
            lines.push(
              uploaded === 0 && deleted === 0 && failed === 0
                ? `${report.target}: up to date, nothing to upload (${unchanged} unchanged)`
                : `${report.target}: ${verb} ${uploaded} (${formatBytes(bytes)}), ${unchanged} unchanged, ` +
                    `${report.dryRun ? 'would delete' : 'deleted'} ${deleted}, ${failed} failed` +
                    (repaired ? `, ${repaired} repaired` : '') +
                    (report.cancelled ? ' (cancelled)' : ''),
            );
            if (report.strayKeys.length > 0) {
              lines.push(
                `${report.strayKeys.length} published objects no longer belong; --delete removes them`,
              );
            }
            if (waiting > 0) {
              lines.push(
                `${waiting} derivatives are not built yet (missing or stale) and wait: run "thumbdesk generate", or publish with --build`,
              );
            }
            return lines.join('\n');
          },
        );
        return failed > 0 || report.cancelled ? EXIT_PARTIAL : 0;
      }),
    );
}
