/**
 * Which host the UI runs in, decided once at start: the desktop preload's bridge when there is
 * one, else the HTTP host that served the page, with the admin token from the URL fragment.
 */
import type { ThumbdeskBridge } from '../../../shared/contract/index.js';
import type { ThumbdeskClient } from './client.js';
import { createHttpClient } from './http-client.js';
import { createIpcClient } from './ipc-client.js';

const TOKEN_KEY = 'thumbdesk.token';

declare global {
  interface Window {
    thumbdesk?: ThumbdeskBridge;
  }
}

/**
 * The token from `#token=…`, remembered for reloads of this tab and taken out of the address
 * bar so that it is not shared by copying the URL.
 */
function takeToken(): string | null {
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return fromHash;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export class NoHostError extends Error {}

/**
 * @example const api = pickClient(); const status = await api.status();
 */
export function pickClient(): ThumbdeskClient {
  if (window.thumbdesk) return createIpcClient(window.thumbdesk);
  const token = takeToken();
  if (!token) {
    throw new NoHostError(
      'No admin token: open the URL `thumbdesk serve` printed, including its #token= part.',
    );
  }
  return createHttpClient({ origin: window.location.origin, token });
}
