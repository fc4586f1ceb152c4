/**
 * The token `/metrics` asks for. The admin token is new at every start, so a scraper configured
 * with it breaks at the next restart; a fixed one comes from the environment, never from a flag
 * (a command line shows in `ps` and shell history), and is neither printed nor stored.
 */
import { CliError } from './command-kit.js';

/** The variable that holds a fixed token for `/metrics`. */
export const METRICS_TOKEN_VARIABLE = 'THUMBDESK_METRICS_TOKEN';

/** Visible ASCII without spaces (it travels as `Authorization: Bearer <token>`), long enough to guess at no cost. */
const TOKEN_SHAPE = /^[\x21-\x7e]{16,512}$/;

/**
 * THUMBDESK_METRICS_TOKEN when set (it makes `/metrics` private on its own), else the admin token
 * with `--private-metrics`, else none (`/metrics` open like `/healthz`). A malformed value is a
 * CliError that does not repeat it.
 * @example metricsToken(process.env, options.privateMetrics, adminToken)
 */
export function metricsToken(
  environment: NodeJS.ProcessEnv,
  privateMetrics: boolean | undefined,
  adminToken: string | undefined,
): string | undefined {
  const fixed = environment[METRICS_TOKEN_VARIABLE];
  if (fixed === undefined || fixed === '') return privateMetrics ? adminToken : undefined;
  if (!TOKEN_SHAPE.test(fixed)) {
    throw new CliError(
      `${METRICS_TOKEN_VARIABLE} must be 16 to 512 visible ASCII characters without spaces (its value is not shown)`,
    );
  }
  return fixed;
}
