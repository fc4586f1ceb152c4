import { createContext, useContext, type ReactNode } from 'react';
import type { ThumbdeskClient } from '../api/client.js';

const ApiContext = createContext<ThumbdeskClient | null>(null);

/** Gives every screen the one client of the host the window runs in. */
export function ApiProvider({ api, children }: { api: ThumbdeskClient; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): ThumbdeskClient {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiProvider');
  return api;
}
