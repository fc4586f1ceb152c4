import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { CONNECTION_LIMITS } from '../../core/server/connection-limits.js';
import { isHostName, makeToken } from '../../core/server/host-guard.js';
import {
  CliError,
  collect,
  positiveInt,
  untilStopped,
  type GlobalOptions,
} from '../command-kit.js';
import { imgproxyEnvironment, listenAddress } from '../imgproxy-environment.js';
import { addUrlApiOptions, urlApiFromOptions, type UrlApiCliOptions } from '../url-api-options.js';

/** The renderer's Vite build, beside the compiled CLI (dist/renderer). */
const DEFAULT_RENDERER = fileURLToPath(new URL('../../../renderer', import.meta.url));

interface ServeOptions extends UrlApiCliOptions {
  port: number;
  host: string;
  renderer: string;
  watch?: boolean;
  allowedHost: string[];
  maxConnections: number;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('must be a whole number from 0 to 65535');
  return n;
}

export function register(program: Command): void {
  const serve = program
    .command('serve')
    .description('serve the app to a browser, with the admin token in the URL printed first')
    .addOption(
      new Option('--port <n>', 'port to listen on (0: any free port)')
        .argParser(port)
        .default(8420),
    )
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .addOption(
      new Option(
        '--allowed-host <name>',
        "a Host name to answer to besides loopback and --host (a proxy's public name; repeat for more)",
      )
        .argParser((value: string, previous: string[]) => {
          if (!isHostName(value)) throw new InvalidArgumentError('must be a host name[:port]');
          return collect(value, previous);
        })
        .default([]),
    )
    .addOption(
      new Option(
        '--max-connections <n>',
        'connections open at once; past it a new one is closed at once',
      )
        .argParser(positiveInt)
        .default(CONNECTION_LIMITS.maxConnections),
    )
    .option('--renderer <dir>', "the renderer's build", DEFAULT_RENDERER)
    .option('--watch', 'start in watch mode: rebuild what changes in the sources by itself')
    // No withLibrary: the service worker is the catalog's one owner, and this thread (HTTP only)
    // never opens it.
    .action(async (options: ServeOptions) => {
      if (!existsSync(`${options.renderer}/index.html`)) {
        throw new CliError(`${options.renderer}/index.html is missing: run \`npm run build\``);
      }
      // Loaded here rather than at the top: every other command would pay for them at start-up.
      const { startHttpHost } = await import('../../core/server/http-host.js');
      const { startServiceWorker } = await import('../../core/service/worker-service.js');
      const { UPLOADS } = await import('../../core/service/uploads.js');
      const token = makeToken();
      const given = (name: string) => serve.getOptionValueSource(name) !== 'default';
      const { host: listenHost, port } = listenAddress(
        options,
        { host: given('host'), port: given('port') },
        imgproxyEnvironment().bind,
      );
      const globals = program.opts<GlobalOptions>();
      // The service (the catalog, scans, jobs, and the URL API's catalog calls) runs in a
      // worker thread, so that no library work delays an answer of this thread.
      const service = await startServiceWorker(path.resolve(globals.library), {
        pixelLimit: globals.pixelLimit,
        service: {
          // A preview is a request from a person, bounded as a URL is.
          preview: { maxSize: options.maxSize, timeoutSeconds: options.renderTimeout },
          // Purged where the catalog is: this thread keeps no connection to it.
          purgeTargets: options.purge,
        },
      });
      try {
        const library = await service.urlCatalog.library(undefined);
        const urlApi = await urlApiFromOptions(
          service.urlCatalog,
          library,
          options,
          listenHost,
          token,
        );
        if (options.watch) await service.call('watch', { on: true });
        const host = await startHttpHost(service, {
          rendererDir: options.renderer,
          uploadsDir: path.join(library.dir, UPLOADS),
          host: listenHost,
          port,
          token,
          allowedHosts: options.allowedHost,
          maxConnections: options.maxConnections,
        });
        // Signed URLs answer any Host (their authors published them); keyless ones only ours.
        host.mount(urlApi.handle, { anyHost: urlApi.answersAnyHost, fast: urlApi.answerFast });
        // The first line on stdout, always: scripts and tests read the URL and token from it.
        process.stdout.write(`${host.url}\n`);
        await untilStopped();
        await host.close();
        await urlApi.close();
      } finally {
        // Also when the options turn out wrong: a worker left running would keep the process up.
        await service.close();
      }
    });
  addUrlApiOptions(serve);
}
