/**
 * The fuzz corpus of `thumbdesk serve`: hostile raw HTTP requests, generated from a seed so
 * that a run can be replayed exactly. First the requests issue 9 named one by one (each with the
 * status it must get), then seeded cases from each family: malformed request targets, methods,
 * headers, bodies to the admin API, pipelined and smuggled requests, and imgproxy URLs with
 * edge-case options, sources and signatures. A case is bytes built for one running server (its
 * port, admin token and signing key), so one corpus serves keyless and keyed mode alike.
 */
import { prng, type Prng } from './prng.js';

/** What a case needs to know about the server it is sent to. */
export interface FuzzTarget {
  port: number;
  /** The admin token (cases that mean to reach the API's parsers carry it). */
  token: string;
  /** Whether the server checks signatures (started with a key). */
  keyed: boolean;
  /** The signature segment for a signed path: `insecure` without a key. */
  sign: (signedPath: string) => string;
}

export interface FuzzCase {
  family: string;
  /** The request bytes for one server. */
  build: (target: FuzzTarget) => Buffer;
  /** Requests in the bytes: the answers to wait for. Default 1. */
  answers?: number;
  /** The first request is a HEAD, so its answer has no body. */
  head?: boolean;
  /** The body is shorter than announced: the server may rightly wait for the rest. */
  mayStayUnanswered?: boolean;
  /** The status issue 9 requires, where the right answer is known: a number or any 4xx. */
  expect?: number | '4xx';
  /**
   * An image URL's signature as sent and the path it stands before: a server with a key must
   * refuse the URL unless the signature is that path's own.
   */
  signed?: { signature: (target: FuzzTarget) => string; path: string };
  /** The Host header names another site: a keyless server must answer none of its routes. */
  foreignHost?: boolean;
}

/** Library content every corpus assumes: a source named `photos` and a preset `card`. */
export const FUZZ_LIBRARY = {
  source: 'photos',
  // A broken file too: its scan error is what `errors` and the URL API show a client.
  images: ['Landscape_1.jpg', 'p3.png', 'truncated.jpg'],
  preset: { name: 'card', width: 200, height: 150, fit: 'cover', formats: ['jpeg', 'webp'] },
  /** Largest width or height a URL may ask for: keeps every render small and quick. */
  maxSize: 640,
} as const;

const host = (t: FuzzTarget) => `127.0.0.1:${t.port}`;
const bearer = (t: FuzzTarget) => `Authorization: Bearer ${t.token}`;

/**
 * One HTTP/1.1 request: the request line, header lines (a string is sent as written, so it may
 * be malformed), a blank line and the body. No header is added.
 */
function request(line: string, headers: readonly string[], body: string | Buffer = ''): Buffer {
  return Buffer.concat([
    Buffer.from(`${line}\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`, 'latin1'),
    typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
  ]);
}

/** A GET of `target` with the right Host and nothing else. */
const get =
  (target: string | ((t: FuzzTarget) => string)): FuzzCase['build'] =>
  (t) =>
    request(`GET ${typeof target === 'string' ? target : target(t)} HTTP/1.1`, [
      `Host: ${host(t)}`,
    ]);

/** A POST of a JSON body to an admin operation, with the token. */
const postApi =
  (operation: string, body: string): FuzzCase['build'] =>
  (t) =>
    request(
      `POST /api/${operation} HTTP/1.1`,
      [
        `Host: ${host(t)}`,
        bearer(t),
        'Content-Type: application/json',
        `Content-Length: ${Buffer.byteLength(body)}`,
      ],
      body,
    );

const SOURCE = `local:///${FUZZ_LIBRARY.source}/${FUZZ_LIBRARY.images[0]}`;
const SMALL_SOURCE = `local:///${FUZZ_LIBRARY.source}/${FUZZ_LIBRARY.images[1]}`;
const BROKEN_SOURCE = `local:///${FUZZ_LIBRARY.source}/${FUZZ_LIBRARY.images[2]}`;

/** A signed image URL: `/<signature>/<options>/plain/<source>`. */
const imageUrl = (t: FuzzTarget, signedPath: string) => `/${t.sign(signedPath)}${signedPath}`;

const nested = (depth: number, open: string, close: string, inner = '1') =>
  open.repeat(depth) + inner + close.repeat(depth);

/** The request targets issue 9 found killing the process: each must get a 4xx. */
export const ISSUE_TARGETS = [
  '//',
  '//[',
  '//a:b/x',
  '//%25/x',
  '/\\a:b/',
  '/\\\\',
  'http://a:b/',
  'https://a:99999/',
] as const;

/** The requests issue 9 reports, each with what it must answer once fixed. */
function namedCases(): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const add = (family: string, build: FuzzCase['build'], expect?: FuzzCase['expect']) =>
    cases.push({ family, build, expect });
  for (const target of ISSUE_TARGETS) {
    add('issue target', get(target), '4xx');
  }
  add(
    'issue absolute-form',
    get((t) => `http://${host(t)}/healthz`),
    200,
  );
  // DNS rebinding: a page under another name reaching a keyless server on loopback.
  for (const route of [
    '/healthz',
    '/metrics',
    (t: FuzzTarget) => imageUrl(t, `/w:10/plain/${SMALL_SOURCE}`),
  ]) {
    cases.push({
      family: 'issue foreign Host',
      foreignHost: true,
      build: (t) =>
        request(`GET ${typeof route === 'string' ? route : route(t)} HTTP/1.1`, [
          `Host: evil.example:${t.port}`,
        ]),
    });
  }
  const unsigned = `/w:10/plain/${SMALL_SOURCE}`;
  cases.push({
    family: 'issue empty signature',
    build: get(`/${unsigned}`),
    signed: { signature: () => '', path: unsigned },
  });
  for (const option of ['g:toString', 'g:__proto__', 'g:constructor', 'ex:1:valueOf']) {
    add(
      'issue prototype option',
      get((t) => imageUrl(t, `/${option}/plain/${SOURCE}`)),
      400,
    );
  }
  add(
    'issue huge size',
    get((t) => imageUrl(t, `/rs:fit:999999999:1/plain/${SOURCE}`)),
    400,
  );
  add(
    'issue colour',
    get((t) => imageUrl(t, `/bg:zzzz/plain/${SOURCE}`)),
    400,
  );
  add(
    'issue preset colour',
    postApi(
      'savePreset',
      JSON.stringify({ preset: { name: 'bad-bg', width: 10, background: 'zzzz' } }),
    ),
    400,
  );
  // Errors name files by their place in the library, never by their path on the machine.
  add('issue error paths', postApi('errors', '{}'), 200);
  add(
    'issue error paths',
    get((t) => imageUrl(t, `/w:10/plain/${BROKEN_SOURCE}`)),
    '4xx',
  );
  add('issue deep JSON', postApi('status', nested(200_000, '[', ']')), '4xx');
  add(
    'issue huge input',
    postApi('setExcluded', JSON.stringify({ ids: Array(40_000).fill('x'), excluded: true })),
    '4xx',
  );
  add(
    'issue UI method',
    (t) => request('POST / HTTP/1.1', [`Host: ${host(t)}`, 'Content-Length: 0']),
    405,
  );
  add('issue UI method', (t) => request('DELETE /index.html HTTP/1.1', [`Host: ${host(t)}`]), 405);
  return cases;
}

// ---- request targets ---------------------------------------------------------------------

const TARGET_STARTS = [
  '/',
  '//',
  '/\\',
  '\\',
  '//[',
  '*',
  '',
  'http://a:b',
  'https://a:99999',
  'http://[',
  'HTTP://',
  'file:///',
  '/insecure/',
  '/api/',
  '/media/',
  '/assets/',
];
const TARGET_PIECES = [
  '/',
  '//',
  '\\',
  '[',
  ']',
  '[::1]',
  '@',
  ':',
  'a:b',
  ':99999',
  '%',
  '%z',
  '%zz',
  '%2',
  '%25',
  '%2e',
  '%2E%2e',
  '%252e%252e',
  '%C0%AE',
  '%c0%af',
  '%00',
  '%ff',
  '%u002e',
  '%2f',
  '%5c',
  '..',
  '.',
  '?',
  '#',
  '?token=',
  'plain',
  'local:///',
  FUZZ_LIBRARY.source,
  FUZZ_LIBRARY.images[0],
  'healthz',
  'metrics',
  'index.html',
  'w:10',
  '\u0000',
  '\u0001',
  '\u007f',
  '\t',
  'é',
  '\u00ff',
  '\ufeff',
  '\u202e',
];
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomTarget(rng: Prng): string {
  let target = rng.pick(TARGET_STARTS);
  const pieces = 1 + rng.int(6);
  for (let i = 0; i < pieces; i += 1) {
    target += rng.chance(0.8) ? rng.pick(TARGET_PIECES) : rng.chars(ALNUM, 1 + rng.int(5));
  }
  // Overlong: past the URL limits, and past Node's 16 KiB header limit.
  if (rng.chance(0.05)) target += rng.pick(TARGET_PIECES).repeat(rng.pick([2_000, 9_000, 70_000]));
  return target;
}

function targetCase(rng: Prng): FuzzCase {
  const target = randomTarget(rng);
  const method = rng.pick(['GET', 'GET', 'HEAD']);
  const version = rng.chance(0.9) ? 'HTTP/1.1' : rng.pick(['HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9', '']);
  return {
    family: 'target',
    head: method === 'HEAD',
    build: (t) => request(`${method} ${target} ${version}`.trimEnd(), [`Host: ${host(t)}`]),
  };
}

// ---- methods -----------------------------------------------------------------------------

const ROUTES = [
  '/',
  '/index.html',
  '/assets/app.js',
  '/healthz',
  '/metrics',
  '/api/status',
  '/api/events',
  '/api/nope',
  '/media/x',
  `/insecure/w:10/plain/${SMALL_SOURCE}`,
  '/nothing/here',
];
const METHODS = [
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
  'TRACE',
  'PROPFIND',
  'BREW',
  'CONNECT',
  'get',
  'GeT',
  'G ET',
  'GET\u0000',
  'M'.repeat(1000),
  '',
];

function methodCase(rng: Prng): FuzzCase {
  const method = rng.pick(METHODS);
  const route = rng.pick(ROUTES);
  const body = rng.chance(0.5) ? rng.pick(['', '{}', 'x'.repeat(100), '\u0000']) : undefined;
  const authorized = rng.chance(0.5);
  return {
    family: 'method',
    build: (t) =>
      request(
        `${method} ${route} HTTP/1.1`,
        [
          `Host: ${host(t)}`,
          ...(authorized ? [bearer(t)] : []),
          ...(body === undefined ? [] : [`Content-Length: ${Buffer.byteLength(body)}`]),
        ],
        body,
      ),
  };
}

// ---- headers -----------------------------------------------------------------------------

type HeaderSet = (t: FuzzTarget) => string[];

/** Host headers naming another site, as a DNS-rebinding page's requests carry them. */
const FOREIGN_HOSTS: HeaderSet[] = [
  () => ['Host: evil.example'],
  (t) => [`Host: evil.example:${t.port}`],
  (t) => [`Host: ${host(t)}@evil.example`],
];

/** Host headers that are missing, malformed or odd spellings of this server. */
const ODD_HOSTS: HeaderSet[] = [
  () => [],
  () => ['Host:'],
  (t) => [`Host: localhost:${t.port}`],
  (t) => [`Host: [::1]:${t.port}`],
  () => ['Host: 127.0.0.1'],
  (t) => [`Host: 127.0.0.1:${t.port}.`],
  (t) => [`Host: 127.0.0.1.:${t.port}`],
  (t) => [`Host: LOCALHOST:${t.port}`],
  (t) => [`Host: localhost.:${t.port}`],
  (t) => [`Host: 127.0.0.1:${t.port}, evil.example`],
  (t) => [`Host: ${host(t)}`, 'Host: evil.example'],
  (t) => ['Host: evil.example', `Host: ${host(t)}`],
  (t) => [`Host:  ${host(t)} `],
  (t) => [`Host: 127.0.0.1:00${t.port}`],
  (t) => [`Host: 2130706433:${t.port}`],
  (t) => [`Host: [::ffff:127.0.0.1]:${t.port}`],
  (t) => [`Host: 127.0.0.1:${t.port}\u0000`],
  () => ['Host: 127.0.0.1:99999999999'],
  () => [`Host: ${'h'.repeat(20_000)}`],
];

const LENGTH_VARIANTS: HeaderSet[] = [
  () => ['Content-Length: 2', 'Content-Length: 3'],
  () => ['Content-Length: 2, 3'],
  () => ['Content-Length: -1'],
  () => ['Content-Length: abc'],
  () => ['Content-Length: 1e3'],
  () => ['Content-Length: +2'],
  () => ['Content-Length: 0x10'],
  () => ['Content-Length: 99999999999999999999'],
  () => ['Content-Length: 2', 'Transfer-Encoding: chunked'],
  () => ['Transfer-Encoding: chunked, identity'],
  () => ['Transfer-Encoding: identity'],
  () => ['Transfer-Encoding: xchunked'],
  () => ['Transfer-Encoding:  chunked'],
  () => ['Transfer-Encoding: chunked', 'Transfer-Encoding: chunked'],
  () => ['Transfer-Encoding\t: chunked'],
];

const OTHER_VARIANTS: HeaderSet[] = [
  () => [`X-Long: ${'a'.repeat(20_000)}`],
  () => Array.from({ length: 3000 }, (_, i) => `X-${i}: b`),
  () => ['X Y: z'],
  () => ['X\u0000: z'],
  () => [': empty name'],
  () => ['No colon here'],
  () => ['X-Folded: a', ' folded onto it'],
  () => ['Authorization: Bearer '],
  (t) => [`Authorization: Bearer ${t.token} extra`],
  (t) => [`Authorization: Bearer ${t.token}x`],
  (t) => [`Authorization: bearer ${t.token}`],
  (t) => [`Authorization: Bearer\t${t.token}`],
  () => [`Authorization: Bearer ${'t'.repeat(20_000)}`],
  () => ['Authorization: Basic YWRtaW46YWRtaW4='],
  () => ['Accept: image/avif;q=nan, image/webp;q=-1, */*;q=2'],
  () => [`Accept: ${'image/webp,'.repeat(1500)}`],
  () => ['If-None-Match: *'],
  () => [`If-None-Match: ${'"x",'.repeat(3000)}`],
  () => ['Range: bytes=0-1,2-3,-5'],
  () => ['Expect: 100-continue'],
  () => ['Expect: 999-nonsense'],
  () => ['Connection: Upgrade', 'Upgrade: websocket'],
  () => ['Connection: close, keep-alive, Upgrade'],
  () => ['Content-Encoding: gzip'],
  () => ['Content-Type: application/json; charset=utf-16'],
  () => ['Content-Type: multipart/form-data; boundary='],
];

function headerCase(rng: Prng): FuzzCase {
  const route = rng.pick(ROUTES);
  const method = route.startsWith('/api/') ? 'POST' : rng.pick(['GET', 'POST']);
  const foreignHost = rng.chance(0.2);
  const hostHeaders = foreignHost
    ? rng.pick(FOREIGN_HOSTS)
    : rng.chance(0.4)
      ? rng.pick(ODD_HOSTS)
      : (t: FuzzTarget) => [`Host: ${host(t)}`];
  const extra = rng.chance(0.5) ? rng.pick(LENGTH_VARIANTS) : rng.pick(OTHER_VARIANTS);
  const body = rng.pick(['', 'ab', '0\r\n\r\n', '2\r\nab\r\n0\r\n\r\n', 'zz\r\nab\r\n0\r\n\r\n']);
  const lineEnd = rng.chance(0.1) ? '\n' : '\r\n';
  const authorized = rng.chance(0.5);
  return {
    family: 'header',
    foreignHost,
    // A body may be cut short of what a Content-Length or an unfinished chunk promised.
    mayStayUnanswered: true,
    build: (t) =>
      Buffer.from(
        request(
          `${method} ${route} HTTP/1.1`,
          [...hostHeaders(t), ...(authorized ? [bearer(t)] : []), ...extra(t)],
          body,
        )
          .toString('latin1')
          .replaceAll('\r\n', lineEnd),
        'latin1',
      ),
  };
}

// ---- bodies to the admin API ---------------------------------------------------------------

const JSON_BODIES: ((rng: Prng) => [string, string])[] = [
  (rng) => ['status', nested(rng.pick([1_000, 10_000, 100_000]), '[', ']')],
  (rng) => ['listOriginals', nested(rng.pick([1_000, 50_000]), '{"a":', '}')],
  () => ['listOriginals', '{"limit": 1e999}'],
  () => ['listOriginals', '{"offset": -1, "limit": 0}'],
  () => ['listOriginals', `{"search": "${'a'.repeat(1_000_000)}"}`],
  () => ['getOriginal', '{"id": "__proto__"}'],
  () => ['getOriginal', '{"id": 1e308}'],
  () => ['getOriginal', '{"__proto__": {"id": 1}}'],
  () => ['getOriginal', '{"constructor": {"prototype": {"id": 1}}}'],
  () => ['setFocalPoint', '{"id": 1, "x": "NaN", "y": -1}'],
  () => ['setExcluded', JSON.stringify({ ids: Array(100_000).fill(-1), excluded: true })],
  () => ['savePreset', '{"preset": {"name": "__proto__", "width": 10}}'],
  () => ['savePreset', `{"preset": {"name": "${'a'.repeat(100_000)}", "width": 10}}`],
  () => ['savePreset', '{"preset": {"name": "p", "width": -1, "height": 1e308}}'],
  () => [
    'savePreset',
    '{"preset": {"name": "p", "width": 10, "formats": ["exe"], "densities": [0]}}',
  ],
  () => ['savePreset', '{"preset": {"name": "p", "width": 10, "quality": {"__proto__": 5}}}'],
  () => ['savePreset', '{"preset": {"name": "p", "width": 10, "background": "rgb(1,2)"}}'],
  () => ['savePreset', `{"preset": {"name": "p", "width": 10, "label": "${'x'.repeat(300_000)}"}}`],
  () => [
    'importPresets',
    '{"file": {"presets": [{"name": "a", "width": 1}, {"name": "a", "width": 2}]}}',
  ],
  () => ['rebuildCount', '{"preset": null}'],
  () => ['preview', '{"preset": {"name": "p", "width": -5}, "originalId": 1, "density": 99}'],
  () => ['cancel', '{"jobId": "../../etc"}'],
  () => ['status', '{"unexpected": true'],
  () => ['status', '\u0000\u0001\u0002'],
  () => ['status', '"\ud800"'],
  () => ['nope', '{}'],
  () => ['errors', '{}'],
  () => ['jobs', '{}'],
  () => ['status', '{}'],
];

function jsonCase(rng: Prng): FuzzCase {
  const [operation, body] = rng.pick(JSON_BODIES)(rng);
  // Cut short: the Content-Length promises more than is sent.
  const truncated = rng.chance(0.1);
  const sent = truncated ? body.slice(0, Math.floor(body.length / 2)) : body;
  const contentType = rng.pick([
    'application/json',
    'text/plain',
    '',
    'application/json; charset=utf-7',
  ]);
  return {
    family: 'json',
    mayStayUnanswered: truncated,
    build: (t) =>
      request(
        `POST /api/${operation} HTTP/1.1`,
        [
          `Host: ${host(t)}`,
          bearer(t),
          ...(contentType ? [`Content-Type: ${contentType}`] : []),
          `Content-Length: ${Buffer.byteLength(body)}`,
        ],
        sent,
      ),
  };
}

const MULTIPART_BODIES: ((boundary: string) => string)[] = [
  (b) => `--${b}\r\nContent-Disposition: form-data; name="name"\r\n\r\na.jpg\r\n`,
  (b) => `--${b}\r\n\r\nno headers\r\n--${b}--\r\n`,
  () => `--wrong\r\nContent-Disposition: form-data; name="file"\r\n\r\nx\r\n--wrong--\r\n`,
  (b) =>
    `--${b}\r\nContent-Disposition: form-data; name="name"\r\n\r\n../../escape.jpg\r\n` +
    `--${b}\r\nContent-Disposition: form-data; name="file"; filename="x"\r\n\r\nnot an image\r\n--${b}--\r\n`,
  (b) =>
    `--${b}\r\nContent-Disposition: form-data; name="name"\r\n\r\na\u0000b.jpg\r\n` +
    `--${b}\r\nContent-Disposition: form-data; name="file"; filename="x"\r\n\r\nx\r\n--${b}--\r\n`,
  (b) =>
    `--${b}\r\nContent-Disposition: form-data; name="name"\r\n\r\n${'n'.repeat(10_000)}.jpg\r\n` +
    `--${b}\r\nContent-Disposition: form-data; name="file"; filename="x"\r\n\r\nx\r\n--${b}--\r\n`,
  (b) =>
    `--${b}\r\nContent-Disposition: form-data; name="file"; filename="x"\r\n\r\nno name before it\r\n--${b}--\r\n`,
  (b) =>
    `${`--${b}\r\nContent-Disposition: form-data; name="name"\r\n\r\nx.jpg\r\n`.repeat(5_000)}--${b}--\r\n`,
  (b) => `--${b}\r\nContent-Disposition: form-data; name="__proto__"\r\n\r\n{}\r\n--${b}--\r\n`,
];

function multipartCase(rng: Prng): FuzzCase {
  const boundary = rng.pick(['b0undary', 'x'.repeat(200), '"quoted"', '']);
  const body = rng.pick(MULTIPART_BODIES)(boundary);
  const type = rng.pick([
    `multipart/form-data; boundary=${boundary}`,
    'multipart/form-data',
    `multipart/mixed; boundary=${boundary}`,
    `multipart/form-data; boundary=${boundary}; boundary=other`,
  ]);
  return {
    family: 'multipart',
    build: (t) =>
      request(
        'POST /api/uploadFiles HTTP/1.1',
        [
          `Host: ${host(t)}`,
          bearer(t),
          `Content-Type: ${type}`,
          `Content-Length: ${Buffer.byteLength(body)}`,
        ],
        body,
      ),
  };
}

// ---- pipelined and smuggled requests ----------------------------------------------------------

function pipelineCase(rng: Prng): FuzzCase {
  const first = rng.pick([
    (t: FuzzTarget) => `GET //[ HTTP/1.1\r\nHost: ${host(t)}\r\n\r\n`,
    (t: FuzzTarget) =>
      `POST /api/status HTTP/1.1\r\nHost: ${host(t)}\r\n${bearer(t)}\r\nContent-Length: 4\r\n` +
      'Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    (t: FuzzTarget) =>
      `POST /api/status HTTP/1.1\r\nHost: ${host(t)}\r\n${bearer(t)}\r\nTransfer-Encoding: chunked\r\n\r\n` +
      '5\r\n{}   \r\n0\r\n\r\n',
    (t: FuzzTarget) => `GET /healthz HTTP/1.1\r\nHost: ${host(t)}\r\nContent-Length: 0\r\n\r\n`,
  ]);
  const second = rng.pick([
    (t: FuzzTarget) => `GET //a:b/x HTTP/1.1\r\nHost: ${host(t)}\r\n\r\n`,
    (t: FuzzTarget) => `GET /healthz HTTP/1.1\r\nHost: ${host(t)}\r\n\r\n`,
    (t: FuzzTarget) =>
      `GET ${imageUrl(t, `/g:__proto__/plain/${SOURCE}`)} HTTP/1.1\r\nHost: ${host(t)}\r\n\r\n`,
  ]);
  return {
    family: 'pipeline',
    answers: 2,
    build: (t) => Buffer.from(first(t) + second(t), 'latin1'),
  };
}

// ---- imgproxy URLs ------------------------------------------------------------------------

const SIZES = [
  '0',
  '1',
  '7',
  '64',
  '300',
  '640',
  '641',
  '99999',
  '999999999',
  '9999999999',
  '-1',
  '-0',
  '1.5',
  '1e3',
  '0x10',
  '',
  ' 1',
  '\u0663',
  '+5',
  '00000000000000000064',
];
const GRAVITIES = [
  'ce',
  'no',
  'sowe',
  'sm',
  'fp:0.5:0.5',
  'fp:2:2',
  'fp:-1:0',
  'fp:NaN:1',
  '__proto__',
  'toString',
  'constructor',
  'valueOf',
  'hasOwnProperty',
  'ce:1:1',
  'ce:x:y',
  '',
];
const COLOURS = [
  'fff',
  'ffffff',
  'FFF',
  'zzzz',
  'ff',
  'fffffff',
  '255:0:0',
  '256:0:0',
  '-1:0:0',
  '1:2',
  '',
  'rgb(1,2)',
  'red',
  '__proto__',
];
const BOOLS = ['1', '0', 't', 'false', 'yes', '', '2', 'toString'];
const NUMBERS = [
  '0',
  '1',
  '50',
  '100',
  '101',
  '0.3',
  '1e2',
  'NaN',
  'Infinity',
  '-1',
  '99999999999',
  '',
];
const DPRS = ['1', '2', '8', '9', '0', '0.5', '1e1', 'NaN', 'Infinity', '-1'];
const FORMATS = [
  'jpg',
  'png',
  'webp',
  'gif',
  'avif',
  'auto',
  'exe',
  '__proto__',
  'toString',
  '',
  'JPG',
];
const PRESETS = [
  FUZZ_LIBRARY.preset.name,
  'nope',
  '__proto__',
  'constructor',
  'toString',
  'a'.repeat(300),
  '',
  'CARD',
];
const OPTION_NAMES = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'RS',
  'W',
  'unknown',
  '',
];

const OPTIONS: ((rng: Prng) => string)[] = [
  (r) =>
    `${r.pick(['rs', 'resize'])}:${r.pick(['fit', 'fill', 'fill-down', 'force', 'auto', 'bogus', '__proto__'])}:${r.pick(SIZES)}:${r.pick(SIZES)}${r.chance(0.3) ? `:${r.pick(BOOLS)}` : ''}`,
  (r) => `${r.pick(['s', 'size'])}:${r.pick(SIZES)}:${r.pick(SIZES)}`,
  (r) => `${r.pick(['w', 'width'])}:${r.pick(SIZES)}`,
  (r) => `${r.pick(['h', 'height'])}:${r.pick(SIZES)}`,
  (r) => `${r.pick(['dpr'])}:${r.pick(DPRS)}`,
  (r) => `${r.pick(['el', 'enlarge'])}:${r.pick(BOOLS)}`,
  (r) => `${r.pick(['ex', 'extend'])}:${r.pick(BOOLS)}:${r.pick(GRAVITIES)}`,
  (r) => `${r.pick(['g', 'gravity'])}:${r.pick(GRAVITIES)}`,
  (r) => `${r.pick(['q', 'quality'])}:${r.pick(NUMBERS)}`,
  (r) => `${r.pick(['f', 'format', 'ext'])}:${r.pick(FORMATS)}`,
  (r) => `${r.pick(['bg', 'background'])}:${r.pick(COLOURS)}`,
  (r) => `${r.pick(['bl', 'blur'])}:${r.pick(NUMBERS)}`,
  (r) => `${r.pick(['sh', 'sharpen'])}:${r.pick(NUMBERS)}`,
  (r) => `${r.pick(['pr', 'preset'])}:${r.pick(PRESETS)}`,
  (r) => `${r.pick(['cb', 'cachebuster'])}:${r.chars(ALNUM, r.int(8))}`,
  (r) => `${r.pick(['sm', 'strip_metadata'])}:${r.pick(BOOLS)}`,
  (r) => `${r.pick(['ar', 'auto_rotate'])}:${r.pick(BOOLS)}`,
  (r) => `${r.pick(OPTION_NAMES)}:${r.pick([...SIZES, ...GRAVITIES])}`,
  (r) => `${r.pick(['rs', 'g', 'w'])}${':'.repeat(1 + r.int(10))}`,
  (r) => 'cb:1/'.repeat(200 + r.int(800)).slice(0, -1),
];

/** The source segment(s): plain or Base64, with edge cases of both. */
function randomSource(rng: Prng): string {
  // Mostly the 8×8 image: a URL that renders should cost milliseconds, not a second.
  const source = rng.pick([SOURCE, SMALL_SOURCE, SMALL_SOURCE, SMALL_SOURCE, BROKEN_SOURCE]);
  const b64 = Buffer.from(source).toString('base64url');
  return rng.pick([
    () =>
      `plain/${source}${rng.pick(['', '@', '@png', '@webp', '@PNG', '@exe', '@@', '@__proto__'])}`,
    () => `plain/${encodeURIComponent(source)}`,
    () =>
      `plain/local:///${FUZZ_LIBRARY.source}/${rng.pick(['..', '%2e%2e', '%252e', 'x%00.jpg', 'a\\b', ''])}/x.jpg`,
    () =>
      `plain/${rng.pick(['http://127.0.0.1/', 'file:///etc/passwd', 'local:////etc/passwd', 'local:///'])}`,
    () => b64,
    () => `${b64}${rng.pick(['.png', '.', '.exe', '.webp.png'])}`,
    () => Buffer.from(source).toString('base64'),
    () => Buffer.from(source).toString('base64').replaceAll('=', ''),
    () => b64.replace(/(.{7})/g, '$1/'),
    () => rng.pick(['====', '=', 'A', 'AA==', '-_-_', '+/+/']),
    () => Buffer.from([0xff, 0xfe, 0x00, 0x80]).toString('base64url'),
    () => Buffer.from(`local:///${FUZZ_LIBRARY.source}/../x`).toString('base64url'),
    () => 'QUFB'.repeat(3_000),
    () => '',
  ])();
}

function signatureFor(rng: Prng): (t: FuzzTarget, signedPath: string) => string {
  return rng.pick([
    (t: FuzzTarget, p: string) => t.sign(p),
    (t: FuzzTarget, p: string) => t.sign(p),
    (t: FuzzTarget, p: string) => t.sign(p),
    () => '',
    () => 'insecure',
    () => 'INSECURE',
    (t: FuzzTarget, p: string) => `${t.sign(p)}=`,
    (t: FuzzTarget, p: string) => {
      const s = t.sign(p);
      return `${s.slice(0, -1)}${s.endsWith('A') ? 'B' : 'A'}`;
    },
    (t: FuzzTarget, p: string) => t.sign(p).replaceAll('-', '+').replaceAll('_', '/'),
    () => 'A'.repeat(43),
    () => '__proto__',
  ]);
}

function imageCase(rng: Prng): FuzzCase {
  const options = Array.from({ length: rng.int(5) }, () => rng.pick(OPTIONS)(rng));
  const signedPath = `/${[...options, randomSource(rng)].join('/')}`;
  const signature = signatureFor(rng);
  const query = rng.chance(0.1) ? rng.pick(['?', '?a=b', '?token=x', '#frag']) : '';
  const accept = rng.chance(0.3)
    ? [`Accept: ${rng.pick(['image/avif,image/webp', '*/*', '', 'image/*;q=0', 'x/y;q=nan'])}`]
    : [];
  const method = rng.chance(0.1) ? 'HEAD' : 'GET';
  return {
    family: 'image',
    head: method === 'HEAD',
    signed: { signature: (t) => signature(t, signedPath), path: signedPath },
    build: (t) =>
      request(`${method} /${signature(t, signedPath)}${signedPath}${query} HTTP/1.1`, [
        `Host: ${host(t)}`,
        ...accept,
      ]),
  };
}

/** Options every server must render: valid values only, results of at most 320 px a side. */
const VALID_OPTIONS: ((rng: Prng) => string)[] = [
  (r) =>
    `rs:${r.pick(['fit', 'fill', 'fill-down', 'force', 'auto'])}:${1 + r.int(320)}:${r.int(321)}`,
  (r) => `w:${1 + r.int(320)}`,
  (r) => `h:${1 + r.int(320)}`,
  (r) => `el:${r.pick(['1', '0', 't', 'f'])}`,
  (r) => `ex:1:${r.pick(['ce', 'no', 'soea', 'we'])}`,
  (r) => `g:${r.pick(['ce', 'no', 'so', 'ea', 'we', 'noea', 'nowe', 'soea', 'sowe', 'sm'])}`,
  (r) => `g:fp:${r.int(11) / 10}:${r.int(11) / 10}`,
  (r) => `q:${1 + r.int(100)}`,
  (r) => `f:${r.pick(['jpg', 'png', 'webp', 'gif', 'avif'])}`,
  (r) => `bg:${r.chars('0123456789abcdef', 6)}`,
  (r) => `bl:${1 + r.int(5)}`,
  (r) => `sh:${1 + r.int(3)}`,
  () => `pr:${FUZZ_LIBRARY.preset.name}`,
  (r) => `cb:${r.chars(ALNUM, 1 + r.int(8))}`,
  (r) => `sm:${r.pick(['1', '0'])}`,
];

/** A correctly signed URL of valid options on a good image: it must render (200). */
function renderCase(rng: Prng): FuzzCase {
  const options = Array.from({ length: 1 + rng.int(4) }, () => rng.pick(VALID_OPTIONS)(rng));
  const source = rng.chance(0.8) ? SMALL_SOURCE : SOURCE;
  const signedPath = `/${options.join('/')}/plain/${source}${rng.pick(['', '@png', '@webp'])}`;
  const accept = rng.pick(['', 'image/avif,image/webp,*/*', '*/*']);
  return {
    family: 'render',
    expect: 200,
    build: (t) =>
      request(`GET ${imageUrl(t, signedPath)} HTTP/1.1`, [
        `Host: ${host(t)}`,
        ...(accept ? [`Accept: ${accept}`] : []),
      ]),
  };
}

const FAMILIES: [(rng: Prng) => FuzzCase, number][] = [
  [targetCase, 6],
  [methodCase, 2],
  [headerCase, 4],
  [jsonCase, 2],
  [multipartCase, 1],
  [pipelineCase, 1],
  [imageCase, 6],
  [renderCase, 2],
];
const TOTAL_WEIGHT = FAMILIES.reduce((sum, [, weight]) => sum + weight, 0);

function randomCase(rng: Prng): FuzzCase {
  let roll = rng.int(TOTAL_WEIGHT);
  for (const [make, weight] of FAMILIES) {
    if (roll < weight) return make(rng);
    roll -= weight;
  }
  throw new Error('unreachable: the weights add up to TOTAL_WEIGHT');
}

/**
 * The named cases of issue 9, then `count` seeded cases: the same list for the same seed.
 * @example for (const c of fuzzCorpus(1, 150)) await exchange(port, c.build(target));
 */
export function fuzzCorpus(seed: number, count: number): FuzzCase[] {
  const rng = prng(seed);
  return [...namedCases(), ...Array.from({ length: count }, () => randomCase(rng))];
}
