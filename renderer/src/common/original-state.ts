import type { OriginalState } from '../../../shared/contract/models.js';

export const ORIGINAL_STATE_LABELS: Record<OriginalState, string> = {
  fresh: 'All fresh',
  stale: 'Some stale',
  missing: 'Missing',
  failed: 'Failed',
  none: 'No presets',
  excluded: 'Excluded',
};

/** The file name of a relative path, which is what people recognise an original by. */
export function fileName(relativePath: string): string {
  return relativePath.slice(relativePath.lastIndexOf('/') + 1);
}
