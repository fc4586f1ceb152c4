import { groupDigits } from '../../../shared/naming.js';

/** "1 derivative", "12 derivatives", "10 000 originals". */
export function plural(count: number, word: string): string {
  return `${groupDigits(count)} ${word}${count === 1 ? '' : 's'}`;
}
