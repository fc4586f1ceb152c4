/**
 * The contract over the desktop preload's bridge (`window.thumbdesk`): answers arrive as Outcome
 * envelopes, since errors lose their fields crossing IPC, and are unwrapped here.
 */
import {
  OPERATION_NAMES,
  ThumbdeskError,
  type JobView,
  type Outcome,
  type ThumbdeskBridge,
} from '../../../shared/contract/index.js';
import type { ThumbdeskClient } from './client.js';

function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw new ThumbdeskError(outcome.error);
}

/** The folder a dropped item stands for: itself, or the folder of a dropped file. */
function folderOf(path: string, file: File): string {
  if (file.type !== '' || /\.[a-z0-9]{2,5}$/i.test(file.name)) {
    return path.replace(/[\\/][^\\/]*$/, '') || path;
  }
  return path;
}

/**
 * @example const api = createIpcClient(window.thumbdesk);
 */
export function createIpcClient(bridge: ThumbdeskBridge): ThumbdeskClient {
  const operations = Object.fromEntries(
    OPERATION_NAMES.map((name) => [
      name,
      async (input: unknown = {}) => {
        const call = bridge[name] as (input: unknown) => Promise<Outcome<unknown>>;
        return unwrap(await call(input));
      },
    ]),
  );
  const addSource = async (path: string): Promise<JobView> =>
    unwrap(await bridge.addSource({ path }));

  return {
    ...(operations as unknown as ThumbdeskClient),
    on: (event, listener) => bridge.on(event, listener as (payload: unknown) => void),
    // The window is loaded from the app's own protocol, which serves media at /media/.
    mediaUrl: (mediaPath) => `/media/${mediaPath}`,
    addFolder: async () => {
      const folder = await bridge.pickFolder();
      return folder ? addSource(folder) : null;
    },
    addDropped: async (data) => {
      const folders = new Set(
        [...data.files].map((file) => folderOf(bridge.pathForFile(file), file)).filter(Boolean),
      );
      let last: JobView | null = null;
      for (const folder of folders) last = await addSource(folder);
      return last;
    },
  };
}
