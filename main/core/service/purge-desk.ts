/**
 * The app's side of edge purging: the targets set in the app (stored in the catalog without
 * credentials) and those a serve's `--purge` named, with how their purges went; purges by hand;
 * and, while the app (or a serve's browser UI) runs, automatic purges at the app's own targets
 * whenever the catalog changes (a serve purges its --purge targets itself).
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
import { AnsweredPaths } from '../edge/answered-paths.js';
import { startEdgePurge, type EdgePurge } from '../edge/edge-purge.js';
import { PURGE_CREDENTIALS } from '../edge/purge-requests.js';
import { parsePurgeTarget, purgeTargetText, type PurgeTarget } from '../edge/purge-target.js';
import { Purger } from '../edge/purger.js';
import { originalKey, presetKey } from '../edge/surrogate-keys.js';
import { ServiceError } from './service-error.js';

// As edge-purge.ts: the paths a purge names come from the catalog's url_answers.
const MAX_PATHS = 100_000;

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
 * @example
 * const desk = new PurgeDesk(library.db, log);
 * await desk.add({ target: 'varnish:http://127.0.0.1:6081' });
 * await desk.byHand({ originalIds: [12] });
 */
export class PurgeDesk {
  private edge: EdgePurge | undefined;
  private restarting: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly log: (message: string) => void,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.restart();
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
      answered: new AnsweredPaths(this.db, MAX_PATHS),
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

  /** The service's own catalog writes, which the automatic purge's change check cannot see. */
  check(): void {
    this.edge?.check();
  }

  async close(): Promise<void> {
    await this.restarting;
    await this.edge?.close();
    this.edge = undefined;
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
