/**
 * JSON request bodies, read with a nesting limit checked before `JSON.parse` runs: the parser
 * and every schema after it recurse, so a body nested 200,000 deep would exhaust the stack
 * (a 500) instead of being refused as the client's mistake.
 */
import { ThumbdeskError } from '../../../shared/contract/errors.js';

/** Deepest nesting of arrays and objects a contract input needs, with room to spare. */
export const MAX_JSON_DEPTH = 64;

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * How deep arrays and objects nest in a JSON text, counting brackets outside strings; stops
 * counting once past `limit`. Malformed text gets a number too: `JSON.parse` refuses it later.
 * @example jsonDepth(Buffer.from('{"a":[1,[2]]}'), 64) === 3
 */
export function jsonDepth(bytes: Uint8Array, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--;
    }
  }
  return deepest;
}

function invalid(message: string): ThumbdeskError {
  return new ThumbdeskError({ code: 'invalid-input', message });
}

/**
 * Parses a JSON body, or throws an `invalid-input` error naming what is wrong with it.
 * @example parseJsonBody(Buffer.from('{"limit":10}')) // { limit: 10 }
 */
export function parseJsonBody(bytes: Uint8Array, maxDepth = MAX_JSON_DEPTH): unknown {
  if (jsonDepth(bytes, maxDepth) > maxDepth) {
    throw invalid(`the JSON nests deeper than ${maxDepth} levels`);
  }
  try {
    return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'));
  } catch {
    throw invalid('the body is not JSON');
  }
}
