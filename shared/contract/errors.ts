/**
 * How a failed operation answers, on every host: a code the UI can branch on, a sentence a
 * person can read, and for input errors the fields at fault. Free of zod, so that a process
 * that only throws and reads these errors (the CLI's `generate`) does not load it (its 95
 * modules cost ~130 ms of start-up and 3 MB of heap); `parse-or-throw.ts` holds the parsing.
 */

export const ERROR_CODES = [
  /** The input did not parse: `issues` name each field. */
  'invalid-input',
  /** The thing named does not exist (original, preset, job, source). */
  'not-found',
  /** The request conflicts with the library (a name taken, a folder that cannot be added). */
  'refused',
  /** The token is missing or wrong. */
  'unauthorized',
  /** The request is larger than the host takes. */
  'too-large',
  /** An image that cannot be read or made: corrupt, of an unsupported format, too large. */
  'unprocessable',
  /** A service the operation depends on (an object store) failed or refused it. */
  'upstream',
  /** A bug or an unexpected failure of the host. */
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One field at fault: its dotted path (`preset.width`) and what is wrong with it. */
export interface Issue {
  path: string;
  message: string;
}

/** An error as it crosses a process or a wire. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  issues?: Issue[];
}

/** What a host answers over IPC: a value, or an error body (errors lose their shape in IPC). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ErrorBody };

/** Longest message an error carries: room for a reason, not for an echo of a huge input. */
export const MAX_ERROR_MESSAGE = 1000;
/** Most issues an error lists; the message says how many more there were. */
export const MAX_ISSUES = 20;
// An issue's path and message each; an issue may quote the input (an unknown key).
const MAX_ISSUE_TEXT = 200;

/** `text` cut to at most `max` characters, an ellipsis marking the cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * A failure of the core that knows its contract code: every error class the core throws for a
 * person to read extends it, so hosts answer by `code`, never by reading the message.
 * @example class StoreError extends CodedError { constructor(m: string) { super('upstream', m); } }
 */
export class CodedError extends Error {
  readonly issues: Issue[];

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: { cause?: unknown; issues?: Issue[] } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CodedError';
    this.issues = options.issues ?? [];
  }
}

/**
 * The error a client throws for a failed operation. Its message and issues are bounded
 * (MAX_ERROR_MESSAGE, MAX_ISSUES), so an error body stays small whatever the input was.
 * @example
 * try { await api.savePreset({ preset }); }
 * catch (e) { if (e instanceof ThumbdeskError) showIssues(e.issues); }
 */
export class ThumbdeskError extends Error {
  readonly code: ErrorCode;
  readonly issues: Issue[];

  constructor(body: ErrorBody) {
    super(clip(body.message, MAX_ERROR_MESSAGE));
    this.name = 'ThumbdeskError';
    this.code = body.code;
    this.issues = (body.issues ?? []).slice(0, MAX_ISSUES).map((issue) => ({
      path: clip(issue.path, MAX_ISSUE_TEXT),
      message: clip(issue.message, MAX_ISSUE_TEXT),
    }));
  }

  toBody(): ErrorBody {
    return this.issues.length > 0
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message };
  }
}
