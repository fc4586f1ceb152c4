import type { OperationOutput } from '../../../shared/contract/index.js';
import { useApi } from './api-context.js';
import { useCatalogVersion } from './use-catalog-version.js';
import { useLoad } from './use-load.js';

export type LibraryStatusView = OperationOutput<'status'>;

/** The library's counts, live: the sidebar, the footer and the Cache screen read them. */
export function useStatus(): LibraryStatusView | undefined {
  const api = useApi();
  const version = useCatalogVersion();
  return useLoad(() => api.status(), [api, version]).data;
}
