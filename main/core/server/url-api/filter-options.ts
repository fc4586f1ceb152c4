/**
 * imgproxy's open-source filter beyond blur and sharpen: `pixelate`, applied to the scaled
 * image before it is padded, as imgproxy's applyFilters step does.
 */
import { arity, integer } from './option-values.js';

export interface FilterOptions {
  /** The side of a pixelation block in result pixels; 0 and 1 leave the image as it is. */
  pixelate?: number;
}

type Apply = (args: string[], into: FilterOptions, limits: { maxSize: number }) => void;

/** The options, by imgproxy's long names. */
export const FILTER_OPTIONS: Record<string, Apply> = {
  pixelate: (args, into, limits) => {
    arity('pixelate', args, 1, 1);
    // imgproxy caps a block at the image's longer side; no result is larger than maxSize.
    into.pixelate = integer(args[0]!, 'pixelate', limits.maxSize);
  },
};

/** imgproxy's short forms of the options above. */
export const FILTER_ALIASES: Record<string, string> = { pix: 'pixelate' };
