/**
 * The core's errors in the contract's words: a host answers them with their code (a 404, a 409)
 * rather than as a crash.
 */
import { ThumbdeskError, type ErrorCode } from '../../../shared/contract/errors.js';
import { PresetError } from '../../../shared/preset.js';
import { CatalogError } from '../catalog/database.js';
import { UnknownPresetError } from '../library/generate.js';
import { LibraryError } from '../library/library.js';
import { KeyError } from '../publish/keys.js';
import { TargetError } from '../publish/target.js';

/**
 * @example throw new ServiceError('not-found', 'no original with id 12');
 */
export class ServiceError extends ThumbdeskError {
  constructor(code: ErrorCode, message: string) {
    super({ code, message });
  }
}

/**
 * Any error thrown by the core, as a ThumbdeskError: known failures keep their message and get
 * their code; anything else is `internal`.
 * @example catch (error) { throw toThumbdeskError(error); }
 */
export function toThumbdeskError(error: unknown): ThumbdeskError {
  if (error instanceof ThumbdeskError) return error;
  if (error instanceof PresetError) {
    return new ThumbdeskError({
      code: 'invalid-input',
      message: error.message,
      issues: error.issues,
    });
  }
  if (error instanceof UnknownPresetError) return new ServiceError('not-found', error.message);
  if (
    error instanceof LibraryError ||
    error instanceof CatalogError ||
    error instanceof TargetError ||
    error instanceof KeyError
  ) {
    const code = /^no (preset|original|source|target)/.test(error.message)
      ? 'not-found'
      : 'refused';
    return new ServiceError(code, error.message);
  }
  return new ServiceError('internal', (error as Error)?.message ?? String(error));
}
