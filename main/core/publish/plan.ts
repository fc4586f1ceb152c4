/**
 * The publish plan: a diff between what should be at a target (its fresh derivatives under the
 * naming template, and the manifest) and the publication records of that place.
 */
import path from 'node:path';
import { mimeTypeFor } from '../../../shared/naming.js';
import type { EncodedFormat } from '../../../shared/preset.js';
import type { Db } from '../catalog/database.js';
import { STATE_SQL } from '../catalog/derivatives.js';
import { publicationsAt, type PublicationRow } from '../catalog/publications.js';
import { stmt } from '../catalog/statements.js';
import { cacheFileHash } from './cache-hash.js';
import type { ManifestEntry } from './manifest.js';
import { MANIFEST_KEY } from './manifest.js';
import type { PutRequest } from './stores/object-store.js';
import type { Target } from './target.js';
import { keyFor } from './template.js';

/** One object the target should hold, with what the manifest says of it. */
export interface PlannedObject extends PutRequest {
  entries: ManifestEntry[];
}

export interface PlanProblem {
  key: string;
  error: string;
}

export interface PublishPlan {
  /** New or changed objects, in key order. */
  uploads: PlannedObject[];
  /** Objects the records say are already there with these bytes. */
  unchanged: PlannedObject[];
  /** Recorded keys that no longer belong (removed only with `delete`). */
  deletes: string[];
  /** Derivatives not fresh (missing, stale or failed): not published until built. */
  waiting: number;
  /** What stays published for waiting derivatives, with its manifest entries. */
  held: PlannedObject[];
  /** Derivatives that cannot be published (name clash, missing cache file). */
  problems: PlanProblem[];
  /** The records the plan was made against. */
  records: Map<string, PublicationRow>;
}

interface SlotRow {
  source: string;
  rel_path: string;
  o_width: number;
  o_height: number;
  o_hash: string;
  placeholder: string | null;
  preset: string;
  encoded: EncodedFormat | null;
  density: number;
  width: number | null;
  height: number | null;
  bytes: number | null;
  file: string | null;
  state: string;
}

function slotRows(db: Db): SlotRow[] {
  return stmt(
    db,
    `SELECT s.name AS source, o.rel_path, o.width AS o_width, o.height AS o_height,
       o.hash AS o_hash, o.placeholder, p.name AS preset, d.encoded, d.density, d.width,
       d.height, d.bytes, d.file, ${STATE_SQL} AS state
     FROM derivatives d
     JOIN originals o ON o.id = d.original_id
     JOIN sources s ON s.id = o.source_id
     JOIN presets p ON p.id = d.preset_id
     WHERE d.want_key IS NOT NULL AND o.is_image = 1
     ORDER BY s.name, o.rel_path, p.name, d.format, d.density`,
  ).all() as SlotRow[];
}

/**
 * @example const plan = await planPublish(library.db, library.cacheDir, target);
 */
export async function planPublish(db: Db, cacheDir: string, target: Target): Promise<PublishPlan> {
  const records = publicationsAt(db, target.location);
  const wanted = new Map<string, PlannedObject>();
  const heldByKey = new Map<string, PlannedObject>();
  const problems: PlanProblem[] = [];
  let waiting = 0;
  for (const row of slotRows(db)) {
    const fresh = row.state === 'fresh';
    if (!fresh) waiting += 1;
    // A slot never built has nothing to publish, and a failed original has no facts.
    // Stryker disable next-line ConditionalExpression,LogicalOperator: such a slot is never fresh, and its hash would fail into the catch's silent `continue`; the guard spares that try and narrows the types.
    if (!row.file || !row.encoded || row.width === null || row.height === null) continue;
    const label = `${row.source}/${row.rel_path} (${row.preset} ${row.encoded} ${row.density}x)`;
    let hash: { sha256: string; bytes: number };
    let key: string;
    try {
      hash = await cacheFileHash(db, cacheDir, row.file, row.bytes);
      key = keyFor(target.options.template, {
        preset: row.preset,
        source: row.source,
        relPath: row.rel_path,
        density: row.density,
        format: row.encoded,
        sha256: hash.sha256,
      });
    } catch (error) {
      if (fresh) problems.push({ key: label, error: (error as Error).message });
      continue;
    }
    const entry: ManifestEntry = {
      original: {
        id: `${row.source}/${row.rel_path}`.normalize('NFC'),
        width: row.o_width,
        height: row.o_height,
        hash: row.o_hash,
        placeholder: row.placeholder,
      },
      preset: row.preset,
      variant: {
        path: key,
        format: row.encoded,
        width: row.width,
        height: row.height,
        density: row.density,
        bytes: hash.bytes,
      },
    };
    const into = fresh ? wanted : heldByKey;
    const existing = wanted.get(key) ?? heldByKey.get(key);
    if (key === MANIFEST_KEY) {
      problems.push({ key, error: `${label} would overwrite the manifest; change the template` });
    } else if (existing && existing.sha256 !== hash.sha256) {
      problems.push({
        key,
        error: `${label} has the same name as ${existing.entries[0]!.original.id} (${existing.entries[0]!.preset}); add {format} or {hash} to the template`,
      });
    } else if (existing) {
      existing.entries.push(entry);
    } else {
      into.set(key, {
        key,
        body: { file: path.join(cacheDir, row.file) },
        bytes: hash.bytes,
        sha256: hash.sha256,
        contentType: mimeTypeFor(row.encoded),
        cacheControl: target.cacheControl,
        entries: [entry],
      });
    }
  }
  // Stryker disable next-line EqualityOperator: keys are unique in both maps, never equal
  const byKey = (a: PlannedObject, b: PlannedObject) => (a.key < b.key ? -1 : 1);
  const objects = [...wanted.values()].sort(byKey);
  const uploads = objects.filter((o) => records.get(o.key)?.sha256 !== o.sha256);
  const unchanged = objects.filter((o) => records.get(o.key)?.sha256 === o.sha256);
  // Stryker disable next-line MethodExpression: records come by their (location, key) primary key, in key order already
  const deletes = [...records.keys()]
    .filter((key) => key !== MANIFEST_KEY && !wanted.has(key) && !heldByKey.has(key))
    .sort();
  return {
    uploads,
    unchanged,
    deletes,
    waiting,
    held: [...heldByKey.values()].sort(byKey),
    problems,
    records,
  };
}
