import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('npm start', () => {
  it('says in one line that the window cannot open here, naming the browser way', () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'bin/start-app.js')], {
      encoding: 'utf8',
      env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' },
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/cannot open its window.*: node bin\/thumbdesk\.js serve$/);
  });

  it('names a browser command that runs from the clone', () => {
    const help = spawnSync(
      process.execPath,
      [path.join(ROOT, 'bin/thumbdesk.js'), 'serve', '--help'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: thumbdesk serve/m);
  });
});
