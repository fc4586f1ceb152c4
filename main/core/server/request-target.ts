/**
 * The request target of an HTTP/1.1 request line, read as RFC 9112 §3.2 writes it: the
 * origin-form (`/path?query`) or the absolute-form (`http://host:port/path?query`), whose
 * authority stands in for the Host header. Anything else, or an authority that does not parse,
 * is a client's mistake the host answers with 400; nothing here throws.
 */

export interface RequestTarget {
  /** Path and query exactly as sent, never normalised: the URL API checks signatures over it. */
  readonly pathAndQuery: string;
  /** The same, parsed, for routing (`pathname` with `.` and `..` segments resolved). */
  readonly url: URL;
  /** The lower-cased `host[:port]` of an absolute-form target, which replaces the Host header. */
  readonly authority?: string;
}

// Scheme, authority, then the rest; `#` never reaches a server in a well-formed request.
const ABSOLUTE_FORM = /^https?:\/\/([^/?#]*)([^#]*)$/i;
// A base that can never be confused with a path: the path is appended, not resolved against it,
// so a target like `//evil:1/x` stays a path instead of becoming an authority.
const BASE = 'http://request.invalid';

function parsedPath(pathAndQuery: string): URL | undefined {
  try {
    return new URL(BASE + pathAndQuery);
  } catch {
    return undefined;
  }
}

// RFC 3986's host (an IP literal or reg-name characters) and port; no user info.
const AUTHORITY = /^(?:\[[0-9a-f:.]+\]|[\w.~%!$&'()*+,;=-]+)(?::\d*)?$/i;

/** A valid `host[:port]`, lower-cased, or undefined. */
function validAuthority(authority: string): string | undefined {
  if (!AUTHORITY.test(authority)) return undefined;
  try {
    const url = new URL(`http://${authority}/`);
    return url.hostname === '' ? undefined : authority.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * The target of a request line, or undefined when it is not one a server can answer (a `*`, a
 * bare word, an absolute-form target with a bad authority or port).
 * @example parseRequestTarget('//a:b/x')?.url.pathname === '//a:b/x'
 * @example parseRequestTarget('http://127.0.0.1:8420/healthz')?.pathAndQuery === '/healthz'
 * @example parseRequestTarget('https://a:99999/') === undefined
 */
export function parseRequestTarget(target: string): RequestTarget | undefined {
  if (target.startsWith('/')) {
    const url = parsedPath(target);
    return url && { pathAndQuery: target, url };
  }
  const absolute = ABSOLUTE_FORM.exec(target);
  if (!absolute) return undefined;
  const authority = validAuthority(absolute[1]!);
  const rest = absolute[2]!;
  if (!authority || !(rest === '' || rest.startsWith('/') || rest.startsWith('?'))) {
    return undefined;
  }
  const pathAndQuery = rest.startsWith('/') ? rest : `/${rest}`;
  const url = parsedPath(pathAndQuery);
  return url && { pathAndQuery, url, authority };
}
