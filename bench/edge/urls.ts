/**
 * The edge benchmark's URLs: signed URL API paths (as a site behind a cache publishes them) for
 * originals × widths, and wrk Lua scripts that replay a fixed sequence of them.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { parseSigningPairs, signPath } from '../../main/core/server/url-api/signature.js';

/** A fresh key and salt for one run, and the signer of paths made with them. */
export function signing() {
  const key = randomBytes(32).toString('hex');
  const salt = randomBytes(16).toString('hex');
  const pair = parseSigningPairs([key], [salt])[0]!;
  return {
    key,
    salt,
    /** `/<signature>/<path>`, as imgproxy's builders sign it. */
    sign: (signedPath: string) => `/${signPath(pair, signedPath)}${signedPath}`,
  };
}

/**
 * The unsigned path of `file` (in the library's source folder `photos`) at `width`, as JPEG.
 * @example imagePath('a.jpg', 320) // '/w:320/plain/local:///photos/a.jpg@jpg'
 */
export function imagePath(file: string, width: number): string {
  return `/w:${width}/plain/local:///photos/${file}@jpg`;
}

/**
 * Every (file, width) pair in popularity order for a Zipf load: all files at the first width,
 * then at the next, so that the popular head spans many originals as it does on a real site
 * (a few small thumbnails asked for most, large sizes in the tail).
 * @example urlSet(['a.jpg', 'b.jpg'], [160, 320]) // a@160, b@160, a@320, b@320
 */
export function urlSet(files: readonly string[], widths: readonly number[]): string[] {
  return widths.flatMap((width) => files.map((file) => imagePath(file, width)));
}

/**
 * Writes a wrk script that asks for `paths[order[0]]`, `paths[order[1]]`, … in turn (from the
 * start again at the end). The order travels as one string parsed once at start-up: a Lua table
 * constructor of a million numbers is past what LuaJIT will compile.
 * @example await sequenceScript(file, ['/a', '/b'], [0, 0, 1]);
 */
export async function sequenceScript(
  file: string,
  paths: readonly string[],
  order: readonly number[],
): Promise<void> {
  const quoted = paths.map((p) => JSON.stringify(p)).join(',\n  ');
  await writeFile(
    file,
    `local paths = {
  ${quoted}
}
local order = {}
for n in string.gmatch("${order.map((i) => i + 1).join(' ')}", "%d+") do
  order[#order + 1] = tonumber(n)
end
local position = 0
request = function()
  position = position % #order + 1
  return wrk.format("GET", paths[order[position]])
end
`,
  );
}
