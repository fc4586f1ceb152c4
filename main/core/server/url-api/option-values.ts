/**
 * The value grammars of imgproxy's processing options (whole numbers, decimals, Go's booleans,
 * argument counts), shared by every option module so that each refuses a malformed value with
 * the same kind of one-line 400.
 */
import { badRequest } from './url-api-error.js';

const INTEGER = /^\d{1,9}$/;
const DECIMAL = /^(\d{1,9}(\.\d*)?|\.\d+)$/;
const SIGNED_DECIMAL = /^-?(\d{1,9}(\.\d*)?|\.\d+)$/;

/**
 * A whole number from 0 to `max`.
 * @example integer('300', 'width', 8192) === 300
 */
export function integer(value: string, what: string, max: number): number {
  if (!INTEGER.test(value)) throw badRequest(`${what} must be a whole number, not "${value}"`);
  const n = Number(value);
  if (n > max) throw badRequest(`${what} ${n} is beyond the maximum of ${max}`);
  return n;
}

/**
 * A decimal from 0 to `max`.
 * @example decimal('0.5', 'focal x', 1) === 0.5
 */
export function decimal(value: string, what: string, max: number): number {
  if (!DECIMAL.test(value)) throw badRequest(`${what} must be a number, not "${value}"`);
  const n = Number(value);
  if (n > max) throw badRequest(`${what} ${n} is beyond the maximum of ${max}`);
  return n;
}

/**
 * A decimal, negative allowed, within ±`max`.
 * @example signedDecimal('-10', 'gravity x offset', 8192) === -10
 */
export function signedDecimal(value: string, what: string, max: number): number {
  if (!SIGNED_DECIMAL.test(value)) throw badRequest(`${what} must be a number, not "${value}"`);
  const n = Number(value);
  if (Math.abs(n) > max) throw badRequest(`${what} ${n} is beyond ±${max}`);
  return n;
}

const TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False']);

/**
 * Go's strconv.ParseBool spellings, which imgproxy accepts.
 * @example bool('t', 'enlarge') === true
 */
export function bool(value: string, what: string): boolean {
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  throw badRequest(`${what} must be 1/t/true or 0/f/false, not "${value}"`);
}

/**
 * Refuses an argument count outside `min`..`max`.
 * @example arity('padding', args, 1, 4);
 */
export function arity(name: string, args: readonly string[], min: number, max: number): void {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    throw badRequest(`${name} takes ${expected} argument(s), not ${args.length}`);
  }
}

/**
 * A whole number, negative allowed, within ±`max`.
 * @example signedInteger('-90', 'rotate', 3600) === -90
 */
export function signedInteger(value: string, what: string, max: number): number {
  const negative = value.startsWith('-');
  const n = integer(negative ? value.slice(1) : value, what, max);
  return negative ? -n : n;
}
