/**
 * imgproxy's gravities as URLs write them (`no`, `soea:10:5`, `sm`, `fp:0.5:0.3`), read into
 * sharp's names with imgproxy's offsets.
 */
import { arity, decimal, signedDecimal } from './option-values.js';
import { badRequest } from './url-api-error.js';

/** imgproxy's compass gravities and what sharp calls them. */
export const COMPASS_GRAVITIES = {
  ce: 'centre',
  no: 'north',
  so: 'south',
  ea: 'east',
  we: 'west',
  noea: 'northeast',
  nowe: 'northwest',
  soea: 'southeast',
  sowe: 'southwest',
} as const;
type CompassCode = keyof typeof COMPASS_GRAVITIES;

export type Gravity =
  /** x and y: imgproxy's offsets, pixels when |offset| ≥ 1, else a fraction of the size. */
  | { type: 'compass'; position: (typeof COMPASS_GRAVITIES)[CompassCode]; x: number; y: number }
  | { type: 'smart' }
  | { type: 'focal'; x: number; y: number };

// Offsets move a crop or an extended image by at most a result's width.
const MAX_OFFSET = 8192;

/**
 * A gravity's arguments; `allowSpecial` admits `sm` and `fp` (refused for extend).
 * @example gravity(['soea', '10', '5'], 'gravity', true) // { type: 'compass', position: 'southeast', x: 10, y: 5 }
 */
export function gravity(args: string[], what: string, allowSpecial: boolean): Gravity {
  const [code = '', ...rest] = args;
  if (code === 'fp' && allowSpecial) {
    arity(`${what}:fp`, rest, 2, 2);
    return {
      type: 'focal',
      x: decimal(rest[0]!, 'focal x', 1),
      y: decimal(rest[1]!, 'focal y', 1),
    };
  }
  if (code === 'sm' && allowSpecial) {
    arity(`${what}:sm`, rest, 0, 0);
    return { type: 'smart' };
  }
  arity(what, args, 1, 3);
  if (Object.hasOwn(COMPASS_GRAVITIES, code)) {
    const offset = (value: string | undefined, axis: string) =>
      value ? signedDecimal(value, `${what} ${axis} offset`, MAX_OFFSET) : 0;
    return {
      type: 'compass',
      position: COMPASS_GRAVITIES[code as CompassCode],
      x: offset(rest[0], 'x'),
      y: offset(rest[1], 'y'),
    };
  }
  const known = Object.keys(COMPASS_GRAVITIES).join(', ') + (allowSpecial ? ', sm, fp:x:y' : '');
  throw badRequest(`${what} "${code}" is not one of ${known}`);
}
