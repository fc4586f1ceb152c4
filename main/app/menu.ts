/**
 * The native menus (File: Add folder, Publish…, Quit; View: one item per screen). Items send
 * the renderer a `menuCommand` event; the renderer does the rest, as for its own buttons.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../shared/contract/events.js';

const VIEW_ITEMS = [
  ['Library', 'library'],
  ['Presets', 'presets'],
  ['Jobs', 'jobs'],
  ['Cache', 'cache'],
  ['Errors', 'errors'],
] as const;

/**
 * @example Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(send, isMac)));
 */
export function menuTemplate(
  send: (command: MenuCommand) => void,
  isMac: boolean,
): MenuItemConstructorOptions[] {
  return [
    ...(isMac ? [{ role: 'appMenu' } as const] : []),
    {
      label: 'File',
      submenu: [
        {
          label: 'Add folder…',
          accelerator: 'CmdOrCtrl+O',
          click: () => send({ command: 'addFolder' }),
        },
        { label: 'Publish…', click: () => send({ command: 'publish' }) },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...VIEW_ITEMS.map(([label, view], i): MenuItemConstructorOptions => ({
          label,
          accelerator: `CmdOrCtrl+${i + 1}`,
          click: () => send({ command: 'view', view }),
        })),
        { type: 'separator' },
        { role: 'togglefullscreen' },
        { role: 'toggleDevTools' },
      ],
    },
    { role: 'windowMenu' },
  ];
}
