/**
 * imgproxy's handling options that shape the answer rather than the image: `expires` (a URL
 * that stops working), `filename` and `return_attachment` (the Content-Disposition), and
 * `skip_processing` and `raw` (the original's own bytes).
 */
import type { SniffedFormat } from '../../imaging/sniff.js';
import { imageType } from './format-option.js';
import { arity, bool } from './option-values.js';
import { badRequest } from './url-api-error.js';

export interface HandlingOptions {
  /** Unix seconds after which the URL is refused. */
  expires?: number;
  /** The download name without extension, as the URL gave it (decoded when Base64). */
  filename?: string;
  returnAttachment?: boolean;
  /** Source formats answered with the original's own bytes. */
  skipProcessing?: SniffedFormat[];
  /** Answer with the original's own bytes, whatever the other options say. */
  raw?: boolean;
  /**
   * `enforce_thumbnail`: answer from a HEIF/AVIF's embedded thumbnail. Parsed and then without
   * effect: libvips here opens the primary image, so every source renders as imgproxy renders
   * one without an embedded thumbnail.
   */
  enforceThumbnail?: boolean;
}

type Apply = (args: string[], into: HandlingOptions) => void;

const MAX_FILENAME = 255;
// Years past 9999 in Unix seconds; more digits only ask for a bigger number.
const MAX_TIMESTAMP = 253_402_300_799;

/** The options, by imgproxy's long names. */
export const HANDLING_OPTIONS: Record<string, Apply> = {
  expires: (args, into) => {
    arity('expires', args, 1, 1);
    const at = /^\d{1,12}$/.test(args[0]!) ? Number(args[0]) : Number.NaN;
    if (!(at <= MAX_TIMESTAMP)) throw badRequest(`expires must be Unix seconds, not "${args[0]}"`);
    if (at > 0 && at < Date.now() / 1000) throw badRequest('this URL has expired');
    into.expires = at;
  },
  filename: (args, into) => {
    arity('filename', args, 1, 2);
    const encoded = args[1] ? bool(args[1], 'filename encoded') : false;
    const name = encoded ? Buffer.from(args[0]!, 'base64url').toString('utf8') : args[0]!;
    if (!name || name.length > MAX_FILENAME) {
      throw badRequest(`filename must be 1 to ${MAX_FILENAME} characters`);
    }
    into.filename = name;
  },
  skip_processing: (args, into) => {
    if (args.length === 0) throw badRequest('skip_processing takes one or more formats');
    into.skipProcessing = args.map((name) => {
      const type = imageType(name);
      if (!type) throw badRequest(`Invalid image format in skip_processing: ${name.slice(0, 20)}`);
      return type;
    });
  },
  raw: (args, into) => {
    arity('raw', args, 1, 1);
    into.raw = bool(args[0]!, 'raw');
  },
  enforce_thumbnail: (args, into) => {
    arity('enforce_thumbnail', args, 1, 1);
    into.enforceThumbnail = bool(args[0]!, 'enforce_thumbnail');
  },
  return_attachment: (args, into) => {
    arity('return_attachment', args, 1, 1);
    into.returnAttachment = bool(args[0]!, 'return_attachment');
  },
};

/** imgproxy's short forms of the options above. */
export const HANDLING_ALIASES: Record<string, string> = {
  exp: 'expires',
  fn: 'filename',
  att: 'return_attachment',
  skp: 'skip_processing',
  eth: 'enforce_thumbnail',
};

// Only formats every browser shows pass through; an SVG never does (it could carry scripts).
const PASSABLE: ReadonlySet<SniffedFormat> = new Set(['jpeg', 'png', 'webp', 'avif', 'gif']);

/**
 * Whether the answer is the original's own bytes: `raw`, or `skip_processing` naming the
 * source's format when the URL asks for no other format (as imgproxy decides). Only web formats
 * pass; the rest are rendered.
 * @example passesThrough({ skipProcessing: ['png'] }, 'png', undefined) === true
 */
export function passesThrough(
  options: HandlingOptions,
  source: SniffedFormat,
  requested: string | undefined,
): boolean {
  if (!PASSABLE.has(source)) return false;
  if (options.raw) return true;
  const sameFormat = requested === undefined || requested === 'auto' || requested === source;
  return sameFormat && (options.skipProcessing?.includes(source) ?? false);
}

// What a quoted header value cannot hold: imgproxy escapes `"` as %22; control characters,
// backslashes and slashes (a path in a download name) become `_`.
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f\\/]/g;

/**
 * The Content-Disposition imgproxy sends for `filename`/`return_attachment`, or undefined when
 * the URL asked for neither: the name as the URL wrote it (else the source file's) with the
 * answer's extension.
 * @example contentDisposition({ returnAttachment: true }, 'a.jpg', 'webp') === 'attachment; filename="a.webp"'
 */
export function contentDisposition(
  options: HandlingOptions,
  sourceFile: string,
  extension: string,
): string | undefined {
  if (options.filename === undefined && options.returnAttachment === undefined) return undefined;
  const stem = options.filename ?? sourceFile.replace(/^.*\//, '').replace(/\.[^.]*$/, '');
  const name = `${stem}.${extension}`.replace(UNSAFE, '_').replaceAll('"', '%22');
  return `${options.returnAttachment ? 'attachment' : 'inline'}; filename="${name}"`;
}
