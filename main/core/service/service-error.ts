/**
 * The core's errors in the contract's words: each error class carries its code (CodedError), so
 * a host answers it with its status (a 404, a 422) rather than as a crash, whatever its message
 * says.
 */
import { CodedError, ThumbdeskError, type ErrorCode } from '../../../shared/contract/errors.js';

/**
 * @example throw new ServiceError('not-found', 'no original with id 12');
 */
export class ServiceError extends ThumbdeskError {
  constructor(code: ErrorCode, message: string) {
    super({ code, message });
  }
}

/**
 * Any error thrown by the core, as a ThumbdeskError: a coded error keeps its code, message and
 * issues; anything else is `internal`.
 * @example catch (error) { throw toThumbdeskError(error); }
 */
export function toThumbdeskError(error: unknown): ThumbdeskError {
  if (error instanceof ThumbdeskError) return error;
  if (error instanceof CodedError) {
    return new ThumbdeskError({ code: error.code, message: error.message, issues: error.issues });
  }
  return new ServiceError('internal', (error as Error)?.message ?? String(error));
}
