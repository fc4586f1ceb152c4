/**
 * sharp's process-wide settings, chosen deliberately for batch work.
 */
import sharp from 'sharp';

/**
 * One libvips thread per render, with parallelism coming from running several renders at once:
 * memory then grows with the job concurrency only. The operation cache is off because a batch
 * never asks for the same operation twice; it would only hold memory.
 * @example configureSharp();
 */
export function configureSharp(): void {
  sharp.concurrency(1);
  sharp.cache(false);
}
