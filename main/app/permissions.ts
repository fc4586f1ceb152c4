/**
 * The window's web permissions: none. The app's page needs no camera, microphone, location,
 * notifications or clipboard access, so every request is refused and every check answers no
 * (Electron's security checklist, "Handle session permission requests from remote content";
 * a check handler covers what is asked synchronously, which the request handler never sees).
 */
import type { Session } from 'electron';

/** What this uses of an Electron session. */
export type PermissionSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler'
>;

/**
 * @example denyAllPermissions(session.defaultSession)
 */
export function denyAllPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, _permission, answer) => answer(false));
  session.setPermissionCheckHandler(() => false);
}
