/**
 * Edge purging where the catalog's one owner is (the service, in the desktop app's or serve's
 * worker): the targets set in the app (stored in the catalog without credentials) and those a
 * serve's `--purge` named, with how their purges went; purges by hand; automatic purges at both
 * kinds of targets whenever the catalog changes; and the image paths the URL API answered, one
 * record shared by every purge, so that a path purged by one is recorded again when answered.
 */
import { Registry } from 'prom-client';
import type { OperationOutput, ParsedInput } from '../../../shared/contract/operations.js';
import type { PurgeTargetView } from '../../../shared/contract/models.js';
import type { Db } from '../catalog/database.js';
import {
  addPurgeTargetRow,
  purgeTargetRows,
  recordPurgeOutcome,
  removeAppPurgeTarget,
  type PurgeTargetRow,
} from '../catalog/purge-targets.js';
import { stmt } from '../catalog/statements.js';
import { ANSWERED_PATHS_MAX, AnsweredPaths } from '../edge/answered-paths.js';
import { startEdgePurge, type EdgePurge } from '../edge/edge-purge.js';
import { purgeFigures, type PurgeFigures } from '../edge/purge-metrics.js';
import { PURGE_CREDENTIALS } from '../edge/purge-requests.js';
import { parsePurgeTarget, purgeTargetText, type PurgeTarget } from '../edge/purge-target.js';
import { Purger } from '../edge/purger.js';
import { originalKey, presetKey } from '../edge/surrogate-keys.js';
import { ServiceError } from './service-error.js';

/**
 * Scheme, host and port as they are; path segments long enough to be an account's id cut short.
 * @example redactedEndpoint('https://api.fastly.com/service/SU1Z0isxPaozGVKXdv0eY') === 'https://api.fastly.com/service/SU1Z…'
 */
export function redactedEndpoint(url: string): string {
  const parsed = new URL(url);
  const segments = parsed.pathname
    .split('/')
    .map((segment) => (segment.length > 8 ? `${segment.slice(0, 4)}…` : segment));
  return `${parsed.protocol}//${parsed.host}${segments.join('/').replace(/\/$/, '')}`;
}

function view(row: PurgeTargetRow, target: PurgeTarget, env: NodeJS.ProcessEnv): PurgeTargetView {
  return {
    target: row.target,
    kind: target.kind,
    endpoint: redactedEndpoint(target.url),
    origin: row.origin,
    credentials: PURGE_CREDENTIALS[target.kind].map(({ variable, required }) => ({
      variable,
      required,
      set: Boolean(env[variable]),
    })),
    last:
      row.last_at === null || row.last_outcome === null
        ? null
        : {
            at: row.last_at,
            outcome: row.last_outcome,
            keys: row.last_keys ?? 0,
            paths: row.last_paths ?? 0,
            error: row.last_error,
          },
    counts: { ok: row.ok, retried: row.retried, failed: row.failed, keys: row.keys },
    lastError:
      row.error_at === null || row.error === null ? null : { at: row.error_at, error: row.error },
  };
}

/**
 * `serveTargets` are a serve's `--purge` targets (none for the desktop app), purged on every
 * change beside the app's own; their counters are what `serveFigures` reads for `/metrics`.
 * @example
 * const desk = new PurgeDesk(library.db, log);
 * await desk.add({ target: 'varnish:http://127.0.0.1:6081' });
 * await desk.byHand({ originalIds: [12] });
 */
export class PurgeDesk {
  /** The paths the URL API answered, by surrogate key (CloudFront and webhooks purge paths). */
  readonly answered: AnsweredPaths;
  private edge: EdgePurge | undefined;
  private readonly serveEdge: EdgePurge | undefined;
  private readonly serveRegistry = new Registry();
  private restarting: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly log: (message: string) => void,
    private readonly env: NodeJS.ProcessEnv = process.env,
    serveTargets: readonly PurgeTarget[] = [],
  ) {
    this.answered = new AnsweredPaths(db, ANSWERED_PATHS_MAX);
    this.serveEdge =
      serveTargets.length === 0
        ? undefined
        : startEdgePurge(db, {
            targets: serveTargets,
            registry: this.serveRegistry,
            answered: this.answered,
            log,
            env,
            origin: 'serve',
          });
    this.restart();
  }

  /** The counters of the serve targets' purges, for the URL API's `/metrics`. */
  serveFigures(): Promise<PurgeFigures> {
    return purgeFigures(this.serveRegistry);
  }

  list(): PurgeTargetView[] {
    return this.targets().map(({ row, target }) => view(row, target, this.env));
  }

  async add({ target }: ParsedInput<'addPurgeTarget'>): Promise<PurgeTargetView> {
    // Refused in words, never stored: a credential in the URL, an unknown kind, a bad URL.
    const parsed = parsePurgeTarget(target);
    const text = purgeTargetText(parsed);
    if (!addPurgeTargetRow(this.db, text, 'app')) {
      throw new ServiceError('refused', `${parsed.label} is a purge target already`);
    }
    this.restart();
    await this.restarting;
    return this.list().find((v) => v.target === text)!;
  }

  async remove({ target }: ParsedInput<'removePurgeTarget'>): Promise<{ target: string }> {
    if (!removeAppPurgeTarget(this.db, target)) {
      const known = this.targets().some(({ row }) => row.target === target);
      throw new ServiceError(
        known ? 'refused' : 'not-found',
        known
          ? 'that target comes from serve --purge: it goes when that serve stops naming it'
          : 'no purge target set in the app is that',
      );
    }
    this.restart();
    await this.restarting;
    return { target };
  }

  /** Purges at every target now and answers how each went. */
  async byHand(input: ParsedInput<'purgeByHand'>): Promise<OperationOutput<'purgeByHand'>> {
    const keys = 'all' in input ? this.allKeys() : this.keysOf(input.originalIds);
    const targets = this.targets().map(({ target }) => target);
    if (targets.length === 0) throw new ServiceError('refused', 'no purge target is configured');
    const results: OperationOutput<'purgeByHand'> = [];
    const purger = new Purger({
      targets,
      registry: new Registry(),
      answered: this.answered,
      log: this.log,
      env: this.env,
      batchMs: 0,
      onResult: (target, outcome) => {
        const text = purgeTargetText(target);
        recordPurgeOutcome(this.db, text, outcome);
        const { at, keys: purged, paths, error } = outcome;
        results.push({
          target: text,
          result: { at, outcome: outcome.outcome, keys: purged, paths, error },
        });
      },
    });
    purger.purge(keys);
    await purger.close();
    return results;
  }

  /** The service's own catalog writes, which the automatic purges' change checks cannot see. */
  check(): void {
    this.edge?.check();
    this.serveEdge?.check();
  }

  async close(): Promise<void> {
    await this.restarting;
    await this.edge?.close();
    this.edge = undefined;
    await this.serveEdge?.close();
  }

  /** Every stored target that still parses (a row from a newer build's kind is left out). */
  private targets(): { row: PurgeTargetRow; target: PurgeTarget }[] {
    return purgeTargetRows(this.db).flatMap((row) => {
      try {
        return [{ row, target: parsePurgeTarget(row.target) }];
      } catch {
        return [];
      }
    });
  }

  private keysOf(ids: readonly number[]): string[] {
    const row = stmt(this.db, 'SELECT source_id, rel_path FROM originals WHERE id = ?');
    const keys = ids.flatMap((id) => {
      const found = row.get(id) as { source_id: number; rel_path: string } | undefined;
      return found ? [originalKey(found.source_id, found.rel_path)] : [];
    });
    if (keys.length === 0) throw new ServiceError('not-found', 'none of those originals exists');
    return keys;
  }

  private allKeys(): string[] {
    const originals = stmt(
      this.db,
      'SELECT source_id, rel_path FROM originals WHERE is_image = 1',
    ).all() as { source_id: number; rel_path: string }[];
    const presets = stmt(this.db, 'SELECT name FROM presets').all() as { name: string }[];
    return [
      ...originals.map((o) => originalKey(o.source_id, o.rel_path)),
      ...presets.map((p) => presetKey(p.name)),
    ];
  }

  /** (Re)starts the automatic purge at the app's targets, after the previous one stopped. */
  private restart(): void {
    this.restarting = this.restarting
      .then(async () => {
        await this.edge?.close();
        this.edge = undefined;
        const targets = this.targets()
          .filter(({ row }) => row.origin === 'app')
          .map(({ target }) => target);
        this.edge =
          targets.length === 0
            ? undefined
            : startEdgePurge(this.db, {
                targets,
                registry: new Registry(),
                answered: this.answered,
                log: this.log,
                env: this.env,
                origin: 'app',
              });
      })
      .catch((error: unknown) => {
        // A purge that cannot start costs automatic purges, not the app: the log says why.
        this.log(`purge: ${(error as Error).message}`);
      });
  }
}
