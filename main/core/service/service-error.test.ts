import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ThumbdeskError } from '../../../shared/contract/errors.js';
import { PresetError } from '../../../shared/preset-schema.js';
import { CatalogError } from '../catalog/database.js';
import { ImageError } from '../imaging/image-error.js';
import { UnknownPresetError } from '../library/generate.js';
import { LibraryError } from '../library/library.js';
import { KeyError } from '../publish/keys.js';
import { StoreError } from '../publish/stores/object-store.js';
import { TargetError } from '../publish/target.js';
import { httpStatus } from '../server/respond.js';
import { toThumbdeskError } from './service-error.js';

// Messages of every kind, the old mapping's trigger words included: none may change a status.
const message = fc.oneof(
  fc.string(),
  fc.string().map((s) => `no preset named "${s}"`),
  fc.string().map((s) => `no original with id ${s}`),
  fc.constantFrom('no target named "x"', 'no source', 'JPEG cannot be decoded', 'timeout'),
);

const CASES: [string, (message: string) => Error, number][] = [
  ['ImageError', (m) => new ImageError(m), 422],
  ['StoreError', (m) => new StoreError(m, true), 502],
  ['StoreError (not retryable)', (m) => new StoreError(m, false), 502],
  ['KeyError', (m) => new KeyError(m, 'it is empty'), 409],
  ['TargetError', (m) => new TargetError(m), 409],
  ['TargetError (not found)', (m) => new TargetError(m, 'not-found'), 404],
  ['LibraryError', (m) => new LibraryError(m), 409],
  ['LibraryError (not found)', (m) => new LibraryError(m, 'not-found'), 404],
  ['CatalogError', (m) => new CatalogError(m), 409],
  ['UnknownPresetError', (m) => new UnknownPresetError(m), 404],
  ['PresetError', (m) => new PresetError(m, [{ path: 'width', message: m }]), 400],
  ['Error', (m) => new Error(m), 500],
  ['TypeError', (m) => new TypeError(m), 500],
];

describe('toThumbdeskError', () => {
  it.each(CASES)('gives a %s the same status whatever its message', (_, make, status) => {
    fc.assert(
      fc.property(message, (text) => {
        const error = toThumbdeskError(make(text));
        expect(error).toBeInstanceOf(ThumbdeskError);
        expect(httpStatus(error.code)).toBe(status);
      }),
    );
  });

  it('keeps a coded error’s message and issues', () => {
    const error = toThumbdeskError(
      new PresetError('preset "x" is not valid', [
        { path: 'width', message: 'must be at least 1' },
      ]),
    );
    expect(error.toBody()).toEqual({
      code: 'invalid-input',
      message: 'preset "x" is not valid',
      issues: [{ path: 'width', message: 'must be at least 1' }],
    });
    expect(toThumbdeskError(new ImageError('HEIC is not supported')).message).toBe(
      'HEIC is not supported',
    );
  });
});
