import type { OperationOutput } from '../../../shared/contract/index.js';
import { plural } from '../common/plural.js';

/**
 * What a person reads after a purge by hand: how many targets took it, or (thrown, so it shows
 * as a failure) which failed and why.
 * @example setNews(purgeSummary(await api.purgeByHand({ all: true }), 'everything'));
 */
export function purgeSummary(results: OperationOutput<'purgeByHand'>, what: string): string {
  const failed = results.filter((r) => r.result.outcome === 'failed');
  if (failed.length > 0) {
    const reasons = failed.map((r) => `${r.target.split(':')[0]}: ${r.result.error ?? 'failed'}`);
    throw new Error(
      `Purging ${what} failed at ${failed.length} of ${plural(results.length, 'target')} (${reasons.join('; ')})`,
    );
  }
  return `Purged ${what} at ${plural(results.length, 'target')}.`;
}
