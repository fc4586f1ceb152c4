/**
 * The fuzz suite of `thumbdesk serve` (issue 9): a seeded corpus of hostile raw requests, sent
 * over real sockets to the built server on a temp library, keyless and keyed. After every case
 * the server must still answer /healthz, must not have answered a client's mistake with a 5xx,
 * must not have shown a stack or a path of this machine, and must have kept its error bodies
 * short. `npm test` runs a fixed seed; `npm run fuzz` a new one (FUZZ_SEED, FUZZ_CASES).
 */
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../library/library.js';
import { copyFixtures, FIXTURES, makeTempDir, PROJECT_ROOT } from '../test-support/fixtures.js';
import {
  FUZZ_LIBRARY,
  fuzzCorpus,
  type FuzzCase,
  type FuzzTarget,
} from '../test-support/fuzz-corpus.js';
import { randomSeed } from '../test-support/prng.js';
import { exchange, type Exchange } from '../test-support/raw-http.js';
import { assertBuilt, startServer, type Server } from '../test-support/serve.js';
import { parseSigningPairs, signPath } from './url-api/signature.js';

/** The seed of `npm test`: fixed, so the suite is the same on every run. */
const FIXED_SEED = 9;
const SEED = fromEnvironment('FUZZ_SEED', FIXED_SEED, randomSeed);
const CASES = fromEnvironment('FUZZ_CASES', 150);
const REPLAY = `FUZZ_SEED=${SEED} FUZZ_CASES=${CASES} npm run fuzz`;
console.log(`fuzz: seed ${SEED}, ${CASES} seeded cases per mode; replay with ${REPLAY}`);

/** A whole number from the environment; `random` asks `draw` for one when it is given. */
function fromEnvironment(name: string, fallback: number, draw?: () => number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  if (value === 'random' && draw) return draw();
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new Error(`${name} must be a whole number${draw ? ' or "random"' : ''}, not "${value}"`);
  }
  return n;
}

const KEY = 'f00d'.repeat(8);
const SALT = 'beef'.repeat(4);
const PAIR = parseSigningPairs([KEY], [SALT])[0]!;
/**
 * Seconds a render may take. Every URL of the corpus renders at most 640 px and takes well under a
 * second alone; the margin is for a loaded machine, so that a 504 means a wedged render.
 */
const RENDER_TIMEOUT_S = 60;
/** An error body longer than this echoes its input without bound. */
const MAX_ERROR_BODY = 64 * 1024;
/** A stack frame, in a text body or escaped inside JSON. */
const STACK_FRAME = /(?:\n|\\n)\s*at \S.*?:\d+:\d+/;

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let libraryDir: string;

beforeAll(async () => {
  assertBuilt();
  tmp = await makeTempDir('thumbdesk-fuzz-');
  libraryDir = path.join(tmp.dir, 'library');
  const photos = path.join(tmp.dir, FUZZ_LIBRARY.source);
  await copyFixtures(photos, FUZZ_LIBRARY.images);
  const library = Library.open(libraryDir, { concurrency: 1 });
  try {
    await library.addSource(photos);
    library.savePreset({ ...FUZZ_LIBRARY.preset, formats: [...FUZZ_LIBRARY.preset.formats] });
  } finally {
    library.close();
  }
});

afterAll(async () => {
  await tmp?.cleanup();
});

/** Text no answer may hold: paths of this machine (the library's temp folder among them). */
function machinePaths(): string[] {
  const home = os.homedir();
  return [
    tmp.dir,
    PROJECT_ROOT,
    FIXTURES,
    '/work',
    'node_modules',
    ...(home.length > 1 ? [home] : []),
  ];
}

function quote(bytes: Buffer, max = 400): string {
  const text = bytes.toString('latin1');
  return `${JSON.stringify(text.slice(0, max))}${text.length > max ? `… (${text.length} bytes)` : ''}`;
}

/** What is wrong with the answers to one case; empty when nothing is. */
function problemsOf(c: FuzzCase, ex: Exchange, target: FuzzTarget): string[] {
  const problems: string[] = [];
  const status = ex.responses[0]?.status;
  if (target.keyed && c.signed && status !== undefined && status < 400) {
    const { signature, path } = c.signed;
    if (signature(target) !== target.sign(path)) {
      problems.push(`answered ${status} to a URL whose signature is not its own`);
    }
  }
  if (!target.keyed && c.foreignHost && status !== undefined && status < 400) {
    problems.push(`answered ${status} to a request for another Host (DNS rebinding)`);
  }
  if (ex.overflowed) problems.push(`an answer of more than ${ex.raw.length} bytes`);
  if (ex.responses.length === 0 && ex.timedOut && !c.mayStayUnanswered) {
    problems.push('no answer in time');
  }
  const first = ex.responses[0];
  if (c.expect !== undefined) {
    const ok =
      first !== undefined &&
      (c.expect === '4xx' ? first.status >= 400 && first.status < 500 : first.status === c.expect);
    if (!ok) problems.push(`expected ${c.expect}, got ${first?.status ?? 'no answer'}`);
  }
  for (const response of ex.responses) {
    if (response.status >= 500) problems.push(`answered ${response.status} to a client's mistake`);
    if (response.status >= 400 && response.body.length > MAX_ERROR_BODY) {
      problems.push(`a ${response.status} body of ${response.body.length} bytes`);
    }
  }
  const text = ex.raw.toString('latin1');
  if (STACK_FRAME.test(text)) problems.push('a stack trace in the answer');
  for (const machinePath of machinePaths()) {
    if (text.includes(machinePath)) problems.push(`the machine path ${machinePath} in the answer`);
  }
  return problems;
}

/** The corpus against one server: keyless (any signature text passes) or keyed. */
function fuzzMode(mode: 'keyless' | 'keyed') {
  const keyed = mode === 'keyed';
  const args = keyed ? ['--key', KEY, '--salt', SALT] : [];
  const sign: FuzzTarget['sign'] = keyed ? (path) => signPath(PAIR, path) : () => 'insecure';
  describe(`fuzzing thumbdesk serve, ${mode} (seed ${SEED})`, () => {
    let server: Server;
    let target: FuzzTarget;

    const start = async () => {
      server = await startServer(libraryDir, [
        '--max-size',
        String(FUZZ_LIBRARY.maxSize),
        '--render-timeout',
        String(RENDER_TIMEOUT_S),
        ...args,
      ]);
      const url = new URL(server.url);
      target = { port: Number(url.port), token: url.hash.replace('#token=', ''), keyed, sign };
    };

    beforeAll(start);
    afterAll(async () => {
      await server?.stop();
    });

    const corpus = fuzzCorpus(SEED, CASES);
    const dummy: FuzzTarget = { port: 1, token: 'TOKEN', keyed, sign: () => 'SIGNATURE' };
    corpus.forEach((c, index) => {
      const line = c.build(dummy).toString('latin1').split('\r\n', 1)[0]!;
      const name = `#${index} ${c.family}: ${JSON.stringify(line.slice(0, 90))}`;
      it(
        name,
        async () => {
          const bytes = c.build(target);
          const sent = bytes.toString('latin1');
          // The corpus must not carry what the checks look for, or an echo would be a false alarm.
          expect(machinePaths().filter((p) => sent.includes(p))).toEqual([]);
          const ex = await exchange(target.port, bytes, {
            answers: c.answers,
            head: c.head,
            timeoutMs: c.mayStayUnanswered ? 400 : (RENDER_TIMEOUT_S + 15) * 1000,
          });
          const problems = problemsOf(c, ex, target);
          const health = await exchange(
            target.port,
            Buffer.from(
              `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${target.port}\r\nConnection: close\r\n\r\n`,
            ),
          );
          if (health.responses[0]?.status !== 200) {
            const died = server.exited();
            problems.push(
              died
                ? 'the server died'
                : `GET /healthz then answered ${quote(health.raw, 200)} (${health.error ?? 'no error'})`,
            );
            // A fresh server, so the cases after this one still test something.
            await server.stop();
            await start();
          }
          expect(
            problems,
            `${mode}, replay: ${REPLAY}\nrequest ${quote(bytes)}\n` +
              `answer ${ex.responses.map((r) => r.status).join(', ') || 'none'}: ${quote(ex.raw)}`,
          ).toEqual([]);
        },
        (RENDER_TIMEOUT_S + 60) * 1000,
      );
    });
  });
}

fuzzMode('keyless');
fuzzMode('keyed');
