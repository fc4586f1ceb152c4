/**
 * Sizes as people type them on a command line: `1073741824`, `512MB`, `2GiB`, `1.5g`.
 */
import { InvalidArgumentError } from 'commander';

// Powers of 1024 whether written MB or MiB: Thumbdesk shows sizes that way (formatBytes), so a
// size read off `thumbdesk status` means the same when typed back.
const POWERS = new Map(
  [
    ['', 'b'],
    ['k', 'kb', 'kib'],
    ['m', 'mb', 'mib'],
    ['g', 'gb', 'gib'],
    ['t', 'tb', 'tib'],
  ].flatMap((units, power) => units.map((unit) => [unit, power] as const)),
);

const SIZE = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i;

/**
 * A size of at least one byte, as commander's argParser: a number of bytes or a number with a
 * unit (K, M, G, T, optionally followed by B or iB, any case).
 * @example byteSize('512MB') === 536870912
 */
export function byteSize(value: string): number {
  const [, number, unit = ''] = SIZE.exec(value.trim()) ?? [];
  const power = POWERS.get(unit.toLowerCase());
  const bytes =
    number === undefined || power === undefined ? NaN : Math.floor(Number(number) * 1024 ** power);
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new InvalidArgumentError(
      'must be a size of at least 1 byte, such as 1073741824, 512MB or 2GiB',
    );
  }
  return bytes;
}
