import { describe, expect, it } from 'vitest';
import { denyAllPermissions, type PermissionSession } from './permissions.js';

type RequestHandler = Parameters<PermissionSession['setPermissionRequestHandler']>[0];
type CheckHandler = Parameters<PermissionSession['setPermissionCheckHandler']>[0];

describe('denyAllPermissions', () => {
  it('refuses every request and answers no to every check', () => {
    // A stand-in for Electron's session that keeps the handlers it is given.
    let onRequest: RequestHandler = null;
    let onCheck: CheckHandler = null;
    const standInSession: PermissionSession = {
      setPermissionRequestHandler: (handler) => void (onRequest = handler),
      setPermissionCheckHandler: (handler) => void (onCheck = handler),
    };
    denyAllPermissions(standInSession);

    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read'] as const) {
      onRequest!({} as never, permission, (granted) => answers.push(granted), {} as never);
      answers.push(onCheck!(null, permission, 'thumbdesk://app', {} as never));
    }
    expect(answers).toHaveLength(8);
    expect(answers.every((granted) => granted === false)).toBe(true);
  });
});
