/**
 * Runs wrk against a URL and reads its summary.
 */
import { runChecked } from '../lib/measure.js';

export interface WrkResult {
  requestsPerSecond: number;
  /** Answers with a status of 400 or more (wrk's "Non-2xx or 3xx responses"). */
  errors: number;
  requests: number;
  /** Milliseconds, from --latency. */
  p50: number;
  p99: number;
  /** Requests wrk gave up on after its timeout (they count in no other figure). */
  timeouts: number;
  /** CPU time wrk itself used (user + system), in ms: the load generator shares the cores. */
  cpuMs: number;
}

export interface WrkOptions {
  connections: number;
  seconds: number;
  /** A Lua script (wrk -s) that writes the requests. */
  script?: string;
  /** wrk's --timeout in seconds (its default is 2): a cold cache's first answers can be slower. */
  timeoutSeconds?: number;
}

function milliseconds(text: string | undefined): number {
  const match = /^([\d.]+)(us|ms|s)$/.exec(text ?? '');
  if (!match) return Number.NaN;
  const value = Number(match[1]);
  return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
}

/**
 * @example const { requestsPerSecond } = await wrk('http://127.0.0.1:8080/a.webp', { connections: 64, seconds: 10 });
 */
export async function wrk(url: string, options: WrkOptions): Promise<WrkResult> {
  const args = ['-t1', `-c${options.connections}`, `-d${options.seconds}s`, '--latency'];
  if (options.script) args.push('-s', options.script);
  if (options.timeoutSeconds) args.push('--timeout', `${options.timeoutSeconds}s`);
  const { stdout, cpuMs } = await runChecked('wrk', [...args, url]);
  const number = (pattern: RegExp) => Number(pattern.exec(stdout)?.[1] ?? 0);
  return {
    requestsPerSecond: number(/Requests\/sec:\s+([\d.]+)/),
    errors: number(/Non-2xx or 3xx responses:\s+(\d+)/),
    requests: number(/(\d+) requests in/),
    timeouts: number(/Socket errors:.*timeout (\d+)/),
    p50: milliseconds(/^\s+50%\s+(\S+)/m.exec(stdout)?.[1]),
    p99: milliseconds(/^\s+99%\s+(\S+)/m.exec(stdout)?.[1]),
    cpuMs,
  };
}
