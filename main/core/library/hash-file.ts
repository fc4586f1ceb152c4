/**
 * Reads an original's bytes once: for its content hash and for the probe that follows.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

/** Files above this are refused rather than read into memory. */
export const MAX_ORIGINAL_BYTES = 512 * 1024 * 1024;

/** @example contentHash(await readFile(file)) */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The first `length` bytes of a file (fewer if it is shorter). */
export async function readHead(file: string, length: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
