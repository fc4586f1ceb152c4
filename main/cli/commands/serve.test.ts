import { expect, it } from 'vitest';
import { createProgram } from '../program.js';

async function serveCommand() {
  const serve = (await createProgram(['serve'])).commands.find((c) => c.name() === 'serve')!;
  return serve.exitOverride().configureOutput({ writeErr: () => undefined });
}

it('takes --allowed-host names, repeated, and refuses what is no host name', async () => {
  const serve = await serveCommand();
  serve.parseOptions(['--allowed-host', 'img.example.com', '--allowed-host', '[::1]:8443']);
  expect(serve.opts().allowedHost).toEqual(['img.example.com', '[::1]:8443']);
  expect((await serveCommand()).opts().allowedHost).toEqual([]);
  for (const bad of ['*.example.com', 'http://img.example.com', 'img.example.com/x']) {
    const fresh = await serveCommand();
    expect(() => fresh.parseOptions(['--allowed-host', bad]), bad).toThrow(
      /must be a host name\[:port\]/,
    );
  }
});

it('takes --max-connections, 1024 unless given, and refuses what is not a whole number of at least 1', async () => {
  expect((await serveCommand()).opts().maxConnections).toBe(1024);
  const serve = await serveCommand();
  serve.parseOptions(['--max-connections', '16']);
  expect(serve.opts().maxConnections).toBe(16);
  for (const bad of ['0', '-1', '1.5', 'many']) {
    const fresh = await serveCommand();
    expect(() => fresh.parseOptions(['--max-connections', bad]), bad).toThrow(/at least 1/);
  }
});
