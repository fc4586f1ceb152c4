/**
 * imgproxy's output options beyond quality and format: `format_quality` (a quality per output
 * format), `keep_copyright`, `strip_color_profile` and `max_bytes`.
 */
import type { EncodedFormat } from '../../../../shared/preset.js';
import { arity, bool, integer } from './option-values.js';
import { parseFormat } from './format-option.js';
import { badRequest } from './url-api-error.js';

export interface OutputOptions {
  /** Quality by output format, used when `quality` is not given. */
  formatQuality?: Partial<Record<EncodedFormat, number>>;
  /** Keep copyright and artist when stripping metadata (imgproxy's default: yes). */
  keepCopyright?: boolean;
  /** `strip_color_profile:0`: keep the source's ICC profile (imgproxy strips it by default). */
  keepColorProfile?: boolean;
  /** Lower a lossy format's quality until the answer fits this many bytes (0: no limit). */
  maxBytes?: number;
}

// A byte budget past a gigabyte is no budget: the answer is capped by --max-size long before.
const MAX_BYTES = 1_000_000_000;

type Apply = (args: string[], into: OutputOptions) => void;

/** The options, by imgproxy's long names. */
export const OUTPUT_OPTIONS: Record<string, Apply> = {
  format_quality: (args, into) => {
    if (args.length === 0 || args.length % 2 !== 0) {
      throw badRequest('format_quality takes format:quality pairs');
    }
    const qualities: Partial<Record<EncodedFormat, number>> = { ...into.formatQuality };
    for (let i = 0; i < args.length; i += 2) {
      const format = parseFormat(args[i]!);
      if (format === 'auto') throw badRequest('format_quality needs a format, not auto');
      qualities[format] = integer(args[i + 1]!, 'format_quality', 100);
    }
    into.formatQuality = qualities;
  },
  keep_copyright: (args, into) => {
    arity('keep_copyright', args, 1, 1);
    into.keepCopyright = bool(args[0]!, 'keep_copyright');
  },
  strip_color_profile: (args, into) => {
    arity('strip_color_profile', args, 1, 1);
    into.keepColorProfile = !bool(args[0]!, 'strip_color_profile');
  },
  max_bytes: (args, into) => {
    arity('max_bytes', args, 1, 1);
    into.maxBytes = integer(args[0]!, 'max_bytes', MAX_BYTES);
  },
};

/** imgproxy's short forms of the options above. */
export const OUTPUT_ALIASES: Record<string, string> = {
  fq: 'format_quality',
  kcr: 'keep_copyright',
  scp: 'strip_color_profile',
  mb: 'max_bytes',
};
