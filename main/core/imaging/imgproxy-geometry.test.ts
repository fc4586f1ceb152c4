/**
 * The turns between an image as stored and as shown upright, checked on the Landscape fixtures
 * (one per EXIF orientation): libvips's own auto-orientation is the reference.
 */
import sharp, { type OutputInfo, type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { fixture } from '../test-support/fixtures.js';
import { storedTurn, uprightBox } from './imgproxy-geometry.js';

type Raw = { data: Buffer; info: OutputInfo };

const raw = (image: Sharp): Promise<Raw> => image.raw().toBuffer({ resolveWithObject: true });
const fromRaw = ({ data, info }: Raw) =>
  sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });

describe('storedTurn and uprightBox', () => {
  it('have nothing to turn for orientation 1, none, or a value outside EXIF', () => {
    expect(storedTurn(1)).toBeUndefined();
    expect(storedTurn(undefined)).toBeUndefined();
    expect(storedTurn(9)).toBeUndefined();
  });

  it.each([2, 3, 4, 5, 6, 7, 8])(
    'orientation %i: the upright image turned is the stored one, and a stored box is the upright box turned',
    async (orientation) => {
      const file = fixture(`Landscape_${orientation}.jpg`);
      const stored = await raw(sharp(file));
      const upright = await raw(sharp(file, { autoOrient: true }));
      const turn = storedTurn(orientation)!;
      const turned = (image: Sharp) => raw(image.rotate(turn.rotate).flop(turn.flop));
      expect((await turned(fromRaw(upright))).data.equals(stored.data)).toBe(true);
      // A box off every centre line, so that any wrong mirror or rotation moves it.
      const frame = { width: stored.info.width, height: stored.info.height };
      const box = { left: 13, top: 41, width: 97, height: 55 };
      const inUpright = uprightBox(box, turn, { width: frame.width, height: frame.height });
      const cut = await raw(fromRaw(upright).extract(inUpright));
      expect(
        (await turned(fromRaw(cut))).data.equals((await raw(fromRaw(stored).extract(box))).data),
      ).toBe(true);
    },
  );
});
