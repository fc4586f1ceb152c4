/**
 * Parsing with the contract's zod schemas, failing as the contract fails: a ThumbdeskError whose
 * issues name each field. Apart from errors.ts, so that only hosts that parse load zod.
 */
import type { z } from 'zod';
import {
  clip,
  MAX_ERROR_MESSAGE,
  MAX_ISSUES,
  ThumbdeskError,
  type ErrorCode,
  type Issue,
} from './errors.js';

/**
 * The issues of a zod error as the contract names them: dotted paths (`preset.width`).
 * @example issuesOf(schema.safeParse(input).error)
 */
export function issuesOf(error: z.ZodError): Issue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/**
 * Parses with a schema, throwing a ThumbdeskError naming each field (`invalid-input` by default;
 * a host parsing its own output passes `internal`, since then the fault is not the caller's).
 * @example const input = parseOrThrow(operations.gc.input, raw, 'gc');
 */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
  code: ErrorCode = 'invalid-input',
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = issuesOf(result.error);
  const listed = issues.slice(0, MAX_ISSUES).map((i) => `${i.path || '(input)'} ${i.message}`);
  const more = issues.length > MAX_ISSUES ? `; and ${issues.length - MAX_ISSUES} more` : '';
  const message = clip(`${what}: ${listed.join('; ')}`, MAX_ERROR_MESSAGE - more.length) + more;
  throw new ThumbdeskError({ code, message, issues });
}
