/**
 * The version of the installed thumbdesk package, for `thumbdesk --version`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The `version` of the package.json nearest above `moduleUrl`: the project's own, whether this
 * runs from main/cli (tests), from dist/main/cli (the build) or from an installed copy in
 * node_modules/thumbdesk, since none of those folders holds a package.json of its own.
 * @example packageVersion(import.meta.url) // '0.1.0'
 */
export function packageVersion(moduleUrl: string): string {
  let dir = path.dirname(fileURLToPath(moduleUrl));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file))
      return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(moduleUrl)}`);
    dir = parent;
  }
}
