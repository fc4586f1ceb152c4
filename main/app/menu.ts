/**
 * The native menus (File: Add folder, Publish…, Quit; View: one item per screen). Items send
 * the renderer a `menuCommand` event; the renderer does the rest, as for its own buttons.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { VIEW_TITLES, VIEWS, type MenuCommand } from '../../shared/contract/events.js';

/** The View menu's screens; Publish is in the File menu, as "Publish…". */
const MENU_VIEWS = VIEWS.filter((view) => view !== 'publish');

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
        ...MENU_VIEWS.map((view, i): MenuItemConstructorOptions => ({
          label: VIEW_TITLES[view],
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
