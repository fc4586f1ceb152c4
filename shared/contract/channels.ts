/**
 * Every name on the wire, in one place (Electron Fiddle's `IpcEvents` style): the operations the
 * UI can ask for and the events it can hear. The IPC channel and the HTTP path of each are
 * derived from these names, so a host can never answer on a name the contract does not know.
 */

/**
 * Operations, in the order a person meets them: sources, originals, presets, work, reports,
 * publishing, edge caches.
 */
export const OPERATION_NAMES = [
  'listSources',
  'addSource',
  'removeSource',
  'uploadFiles',
  'scan',
  'listOriginals',
  'getOriginal',
  'setFocalPoint',
  'setExcluded',
  'listPresets',
  'savePreset',
  'deletePreset',
  'importPresets',
  'exportPresets',
  'rebuildCount',
  'preview',
  'generate',
  'watch',
  'cancel',
  'jobs',
  'status',
  'cacheUsage',
  'errors',
  'gc',
  'listTargets',
  'addTarget',
  'removeTarget',
  'publishPlan',
  'publish',
  'publishHistory',
  'listPurgeTargets',
  'addPurgeTarget',
  'removePurgeTarget',
  'purgeByHand',
] as const;
export type OperationName = (typeof OPERATION_NAMES)[number];

/** Events a host pushes: job progress, catalog changes, and (desktop only) menu commands. */
export const EVENT_NAMES = ['jobProgress', 'catalogChanged', 'menuCommand'] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** The IPC channel of an operation or event. */
export type Channel = `thumbdesk:${OperationName | EventName}`;

/**
 * @example channelOf('listOriginals') === 'thumbdesk:listOriginals'
 */
export function channelOf(name: OperationName | EventName): Channel {
  return `thumbdesk:${name}`;
}

/** Channels that exist only in the desktop host (they need the native shell). */
export const DESKTOP_CHANNELS = {
  /** Opens the native folder picker; answers the chosen path or null. */
  pickFolder: 'thumbdesk:pickFolder',
} as const;

/**
 * @example isOperationName('gc') === true
 */
export function isOperationName(name: string): name is OperationName {
  return (OPERATION_NAMES as readonly string[]).includes(name);
}
