import { useEffect, useState } from 'react';
import type { CatalogChange } from '../../../shared/contract/index.js';
import { useApi } from './api-context.js';

/** Longest a screen waits before showing a change; also the least time between two refetches. */
const SETTLE_MS = 250;

/**
 * A number that goes up when the catalog changes in one of the ways given, at most once per
 * SETTLE_MS: generation reports many changes a second, a screen needs to refetch a few times.
 */
export function useCatalogVersion(
  what: readonly CatalogChange['what'][number][] | 'all' = 'all',
): number {
  const api = useApi();
  const [version, setVersion] = useState(0);
  const key = what === 'all' ? 'all' : what.join(',');
  useEffect(() => {
    const wanted = key === 'all' ? null : new Set(key.split(','));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = api.on('catalogChanged', (change) => {
      if (wanted && !change.what.some((w) => wanted.has(w))) return;
      timer ??= setTimeout(() => {
        timer = undefined;
        setVersion((v) => v + 1);
      }, SETTLE_MS);
    });
    return () => {
      stop();
      clearTimeout(timer);
    };
  }, [api, key]);
  return version;
}
