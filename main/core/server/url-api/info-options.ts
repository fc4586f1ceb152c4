/**
 * The options of an `/info` URL, in imgproxy Pro's grammar (`size:1`, `s:0`, …): which facts
 * the answer carries. Thumbdesk adds `thumbhash`/`th` (the placeholder) and reads
 * `cachebuster`/`cb` as image URLs do, to make the answer immutable.
 */
import { arity, bool } from './option-values.js';
import { badRequest } from './url-api-error.js';
import type { RawOption } from './url-path.js';

export interface InfoOptions {
  size: boolean;
  format: boolean;
  dimensions: boolean;
  thumbhash: boolean;
  cachebuster: string | undefined;
}

const FLAGS = {
  size: 'size',
  s: 'size',
  format: 'format',
  f: 'format',
  dimensions: 'dimensions',
  d: 'dimensions',
  thumbhash: 'thumbhash',
  th: 'thumbhash',
} as const;

/**
 * Every fact is on unless an option turns it off; an option imgproxy's /info has but Thumbdesk
 * does not (exif, palette, …) is refused by name rather than silently left out.
 * @example parseInfoOptions([{ name: 's', args: ['0'] }]).size === false
 */
export function parseInfoOptions(options: readonly RawOption[]): InfoOptions {
  const parsed: InfoOptions = {
    size: true,
    format: true,
    dimensions: true,
    thumbhash: true,
    cachebuster: undefined,
  };
  for (const { name, args } of options) {
    if (name === 'cachebuster' || name === 'cb') {
      arity(name, args, 1, 1);
      parsed.cachebuster = args[0] || undefined;
      continue;
    }
    const flag = Object.hasOwn(FLAGS, name) ? FLAGS[name as keyof typeof FLAGS] : undefined;
    if (!flag) {
      throw badRequest(
        `"${name.slice(0, 40)}" is not an info option here: use size, format, dimensions, thumbhash or cachebuster`,
      );
    }
    arity(name, args, 1, 1);
    parsed[flag] = bool(args[0]!, name);
  }
  return parsed;
}
