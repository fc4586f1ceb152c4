/**
 * `exclude` and `include`: take originals out of the library's output and put them back. The
 * two differ only in direction, so one table drives both. No file in a source is ever touched.
 */
import type { Command } from 'commander';
import { withLibrary } from '../command-kit.js';

const DIRECTIONS = {
  exclude: {
    excluded: true,
    description: 'exclude originals from the library: nothing is built or published for them',
    done: 'excluded',
    already: 'already excluded',
    hint: 'their derivatives are removed by the next "thumbdesk gc"; the files stay on disk',
  },
  include: {
    excluded: false,
    description: 'include excluded originals in the library again',
    done: 'included',
    already: 'not excluded',
    hint: '"thumbdesk generate" builds what they miss',
  },
} as const;

export function register(program: Command): void {
  for (const [name, direction] of Object.entries(DIRECTIONS)) {
    program
      .command(name)
      .description(direction.description)
      .argument('<original...>', 'source/path, as "thumbdesk list" shows it')
      .action(
        withLibrary(program, (library, out, names: string[]) => {
          const unique = [...new Set(names)];
          // Every name is resolved before any changes, so a typo changes nothing.
          const ids = library.originalIds(unique);
          const changed = new Set(direction.excluded ? library.exclude(ids) : library.include(ids));
          const json = unique.map((original, i) => ({
            original,
            excluded: direction.excluded,
            changed: changed.has(ids[i]!),
          }));
          out.result(json, () =>
            [
              ...json.map(
                (r) => `${r.changed ? direction.done : direction.already}: ${r.original}`,
              ),
              ...(changed.size > 0 ? [direction.hint] : []),
            ].join('\n'),
          );
        }),
      );
  }
}
