import { createContext, useContext, type ReactNode } from 'react';
import type { ThumbdeskApi } from '../../../shared/contract/index.js';

const ApiContext = createContext<ThumbdeskApi | null>(null);

/** Gives every screen the one client of the host the window runs in. */
export function ApiProvider({ api, children }: { api: ThumbdeskApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): ThumbdeskApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiProvider');
  return api;
}
