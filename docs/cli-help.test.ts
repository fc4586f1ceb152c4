import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../main/cli/program.js';
import { PROJECT_ROOT } from '../main/core/test-support/fixtures.js';

/** Every command under `command`, itself included, but commander's own `help`. */
function commands(command: Command): Command[] {
  const children = command.commands.filter((c) => c.name() !== 'help');
  return [command, ...children.flatMap(commands)];
}

/**
 * Text with its whitespace runs made single spaces (the CLI wraps to the terminal's width), and
 * the renderer folder's default, which is the install's own path, made a placeholder.
 */
const flat = (text: string) =>
  text
    .replace(/\s+/g, ' ')
    .replace(/"[^"]*\/renderer"/, '"<install folder>/dist/renderer"')
    .trim();

describe('docs/cli.md', () => {
  it("shows every command's --help as the CLI prints it", async () => {
    const doc = flat(await readFile(path.join(PROJECT_ROOT, 'docs/cli.md'), 'utf8'));
    const all = commands(await createProgram());
    expect(all.length).toBeGreaterThan(15);
    for (const command of all) {
      const help = flat(command.helpInformation());
      expect(doc, command.name()).toContain(help);
    }
  });
});
