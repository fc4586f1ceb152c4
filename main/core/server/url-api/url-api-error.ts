/**
 * A refusal or failure the URL API answers with: an HTTP status and a one-line reason that
 * tells the person who wrote the URL what to change.
 */
export class UrlApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Extra response headers, such as Retry-After on 503. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'UrlApiError';
  }
}

/** @example throw badRequest('width must be a whole number, not "ten"'); */
export function badRequest(message: string): UrlApiError {
  return new UrlApiError(400, message);
}
