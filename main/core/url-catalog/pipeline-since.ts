/**
 * When the catalog first answered URLs with the current pipeline: the render engine plus the
 * URL API's output settings. Their changes have no file to date them, so an answer's
 * Last-Modified is never earlier than this (server/url-api/answer-modified.ts).
 */
import { createHash } from 'node:crypto';
import { stableStringify } from '../../../shared/stable-json.js';
import type { Db } from '../catalog/database.js';
import { getSetting, setSetting } from '../catalog/settings.js';
import { ENGINE_VERSION } from '../imaging/derivative-key.js';

const SETTING = 'url_api_pipeline';

/**
 * Now, the first time the catalog sees these `settings` (anything that changes output bytes for
 * the same URL) with this engine; else the time it first saw them.
 * @example const since = pipelineSince(db, { urlPresets, maxResultDimension });
 */
export function pipelineSince(db: Db, settings: Record<string, unknown>): number {
  const fingerprint = createHash('sha256')
    .update(stableStringify({ engine: ENGINE_VERSION, settings }))
    .digest('hex')
    .slice(0, 32);
  const [seen, at] = (getSetting(db, SETTING) ?? '').split(' ');
  if (seen === fingerprint && Number.isFinite(Number(at))) return Number(at);
  const now = Date.now();
  setSetting(db, SETTING, `${fingerprint} ${now}`);
  return now;
}
