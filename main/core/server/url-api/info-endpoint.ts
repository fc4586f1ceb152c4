/**
 * `/info/<signature>/<info options>/plain/<source>` (or a Base64 source): imgproxy Pro's info
 * endpoint, signed exactly as image URLs are (the signature covers what follows it). The JSON
 * names the original's size in pixels and bytes, its format, its content hash and version (what
 * `cb` takes), and its ThumbHash placeholder, both as the base64 string and as a PNG data URI.
 * The placeholder is the catalog's where `generate` made one for these bytes; otherwise it is
 * made here from the file, within the render pool's bounds, and remembered by content hash (the
 * HTTP thread writes nothing to the catalog; `generate` stores placeholders).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { thumbHashToDataURL } from 'thumbhash';
import type { OriginalRow } from '../../catalog/originals.js';
import { originalKey, surrogateHeaders } from '../../edge/surrogate-keys.js';
import { thumbHashOf } from '../../imaging/placeholder.js';
import { authorize, type AccessOptions } from './access.js';
import { cacheControl, contentVersion, isVersioned, type CachePolicy } from './cache-policy.js';
import { parseInfoOptions } from './info-options.js';
import type { RenderPool } from './render-pool.js';
import { isNotModified, send } from './respond.js';
import { SingleFlight } from './single-flight.js';
import type { SourceRef } from './source-url.js';
import { badRequest } from './url-api-error.js';
import { parseSignedPath, splitSignature } from './url-path.js';

/** What an info path starts with, as imgproxy's: the signature follows it. */
export const INFO_PREFIX = '/info';

/**
 * Whether `path` is an info URL.
 * @example isInfoPath('/info/insecure/plain/local:///photos/a.jpg') === true
 */
export function isInfoPath(path: string): boolean {
  return path.startsWith(`${INFO_PREFIX}/`);
}

/** The JSON an info URL answers; a fact an option turned off is left out. */
export interface ImageInfo {
  width?: number;
  height?: number;
  format?: string;
  /** Bytes of the original file. */
  size?: number;
  /** The catalog's content hash (SHA-256 hex) of the original. */
  hash: string;
  /** What `cb` takes to make a URL of these bytes immutable: 16 hex digits of `hash`. */
  version: string;
  /** The ThumbHash, base64; null when the image could not be read for one. */
  thumbhash?: string | null;
  /** The same placeholder as a tiny PNG, `data:image/png;base64,…`. */
  placeholder?: string | null;
}

/** What the info endpoint reads of a found original (the URL API's FoundOriginal has it). */
export interface InfoOriginal {
  source: { id: number };
  row: Pick<
    OriginalRow,
    | 'rel_path'
    | 'size'
    | 'placeholder'
    | 'placeholder_hash'
    | 'mtime_ms'
    | 'scanned_at'
    | 'focal_at'
  > & { hash: string };
  facts: { width: number; height: number; format: string };
  absPath: string;
}

// Placeholders made here, by content hash: ~40 bytes each, so this is well under a MiB.
const MADE_ENTRIES = 10_000;

export interface InfoEndpointOptions<O extends InfoOriginal> {
  access: AccessOptions;
  /** The original a source names, up to date (the URL API's catalog lookup): 404/422 otherwise. */
  find: (ref: SourceRef) => Promise<O>;
  /** Placeholders made here take a render slot, so they count against the same bounds. */
  pool: RenderPool;
  pixelLimit: number;
  cache: CachePolicy;
  /** When the answer for this original last changed (Last-Modified). */
  modifiedAt: (original: O) => number | Promise<number>;
  onAnswer?: (path: string, keys: readonly string[]) => void;
  log: (message: string) => void;
}

/**
 * @example
 * const info = createInfoEndpoint({ access, find, pool, pixelLimit, cache, modifiedAt, log });
 * if (isInfoPath(path)) await info(req, res, path);
 */
export function createInfoEndpoint<O extends InfoOriginal>(
  options: InfoEndpointOptions<O>,
): (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void> {
  const making = new SingleFlight<string, string | null>();
  const made = new Map<string, string>();

  /** The catalog's placeholder for these bytes, or one made now (null if the image cannot). */
  async function thumbHash(original: O): Promise<string | null> {
    const { row } = original;
    if (row.placeholder && row.placeholder_hash === row.hash) return row.placeholder;
    const known = made.get(row.hash);
    if (known) return known;
    return making.run(row.hash, async () => {
      try {
        // Whole in memory, as a scan reads it: the catalog holds no original larger than that.
        const hash = await options.pool.run(async () =>
          thumbHashOf(await readFile(original.absPath), options.pixelLimit),
        );
        // Map order is insertion order: past the bound the oldest goes.
        if (made.size >= MADE_ENTRIES) made.delete(made.keys().next().value!);
        made.set(row.hash, hash);
        return hash;
      } catch (error) {
        // A placeholder is a nicety: the other facts still answer.
        options.log(`url api: info placeholder: ${(error as Error).message}`);
        return null;
      }
    }).promise;
  }

  return async (req, res, path) => {
    const split = splitSignature(path.slice(INFO_PREFIX.length));
    if (!split) throw badRequest('an info URL is /info/<signature>/<options>/plain/<source>');
    const parsed = parseSignedPath(authorize(options.access, split.signature, split.signedPath));
    if (parsed.extension) throw badRequest('an info URL takes no extension: its answer is JSON');
    const wanted = parseInfoOptions(parsed.options);
    const original = await options.find(parsed.source);
    const { row, facts } = original;
    const info: ImageInfo = {
      ...(wanted.dimensions ? { width: facts.width, height: facts.height } : {}),
      ...(wanted.format ? { format: facts.format } : {}),
      ...(wanted.size ? { size: row.size } : {}),
      hash: row.hash,
      version: contentVersion(row.hash),
    };
    if (wanted.thumbhash) {
      const hash = await thumbHash(original);
      info.thumbhash = hash;
      info.placeholder = hash === null ? null : thumbHashToDataURL(Buffer.from(hash, 'base64'));
    }
    const body = Buffer.from(`${JSON.stringify(info)}\n`);
    const keys = [originalKey(original.source.id, row.rel_path)];
    const lastModified = await options.modifiedAt(original);
    const headers: Record<string, string> = {
      ETag: `"info-${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`,
      'Last-Modified': new Date(lastModified).toUTCString(),
      'Cache-Control': cacheControl(isVersioned(wanted.cachebuster, row.hash), options.cache),
      ...surrogateHeaders(keys),
    };
    options.onAnswer?.(path, keys);
    if (isNotModified(req, headers.ETag!, lastModified)) {
      send(req, res, 304, headers);
      return;
    }
    send(
      req,
      res,
      200,
      {
        ...headers,
        'Content-Type': 'application/json; charset=utf-8',
        'X-Content-Type-Options': 'nosniff',
      },
      body,
    );
  };
}
