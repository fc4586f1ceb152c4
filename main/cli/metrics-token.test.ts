import { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempLibrary, type TempLibrary } from '../core/test-support/library.js';
import { createUrlCatalogOwner } from '../core/url-catalog/owner.js';
import { CliError } from './command-kit.js';
import { METRICS_TOKEN_VARIABLE, metricsToken } from './metrics-token.js';
import { addUrlApiOptions, urlApiFromOptions, type UrlApiCliOptions } from './url-api-options.js';

const FIXED = 'prometheus-scrape-7f3a9c21d4e8';

describe('metricsToken', () => {
  it('takes THUMBDESK_METRICS_TOKEN over the admin token, with or without --private-metrics', () => {
    const env = { [METRICS_TOKEN_VARIABLE]: FIXED };
    expect(metricsToken(env, false, 'admin')).toBe(FIXED);
    expect(metricsToken(env, true, 'admin')).toBe(FIXED);
  });

  it('without it: the admin token with --private-metrics, else none; empty counts as unset', () => {
    expect(metricsToken({}, true, 'admin')).toBe('admin');
    expect(metricsToken({}, false, 'admin')).toBeUndefined();
    expect(metricsToken({ [METRICS_TOKEN_VARIABLE]: '' }, true, 'admin')).toBe('admin');
  });

  it('refuses a short or spaced token without repeating it', () => {
    for (const bad of ['short-secret', 'sixteen chars with spaces', 'tab\there-and-long-enough']) {
      const refused = (() => {
        try {
          return metricsToken({ [METRICS_TOKEN_VARIABLE]: bad }, false, 'admin');
        } catch (error) {
          return error;
        }
      })();
      expect(refused).toBeInstanceOf(CliError);
      expect((refused as Error).message).toMatch(/THUMBDESK_METRICS_TOKEN must be 16 to 512/);
      expect((refused as Error).message).not.toContain(bad);
    }
  });
});

describe('serve with THUMBDESK_METRICS_TOKEN', () => {
  let t: TempLibrary;
  beforeAll(async () => {
    t = await tempLibrary();
  });
  afterAll(() => t?.cleanup());

  /** Statuses of /metrics under each Authorization, from an API built as `serve` builds it. */
  async function metricsStatuses(adminToken: string, ...authorizations: string[]) {
    const command = addUrlApiOptions(new Command('serve').exitOverride());
    const options = command.parse([], { from: 'user' }).opts<UrlApiCliOptions>();
    const catalog = createUrlCatalogOwner(t.library);
    const api = await urlApiFromOptions(catalog, t.library, options, '127.0.0.1', adminToken);
    const server = http.createServer((req, res) => void api.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const statuses: number[] = [];
      for (const authorization of authorizations) {
        const headers = authorization ? { Authorization: authorization } : undefined;
        statuses.push((await fetch(`http://127.0.0.1:${port}/metrics`, { headers })).status);
      }
      return statuses;
    } finally {
      server.close();
      await api.close();
    }
  }

  it('asks /metrics for the same token across restarts (new admin tokens), and stores it nowhere', async () => {
    process.env[METRICS_TOKEN_VARIABLE] = FIXED;
    try {
      for (const adminToken of ['first-start-token', 'second-start-token']) {
        const statuses = await metricsStatuses(
          adminToken,
          '',
          `Bearer ${adminToken}`,
          `Bearer ${FIXED}`,
        );
        expect(statuses).toEqual([401, 401, 200]);
      }
    } finally {
      delete process.env[METRICS_TOKEN_VARIABLE];
    }
    const catalog = await readFile(path.join(t.libraryDir, 'catalog.sqlite'));
    expect(catalog.includes(FIXED)).toBe(false);
  });
});
