import { describe, expect, it } from 'vitest';
import { clientText } from './client-text.js';

const folders = [
  { dir: '/home/me/Pictures', name: 'photos' },
  { dir: '/home/me/.thumbdesk', name: 'library' },
  { dir: '/home/me/.thumbdesk/uploads', name: 'uploads' },
];

describe('clientText', () => {
  it('writes paths inside a known folder from its name', () => {
    expect(
      clientText(
        "ENOENT: no such file or directory, open '/home/me/Pictures/trips/a.jpg'",
        folders,
      ),
    ).toBe("ENOENT: no such file or directory, open 'photos/trips/a.jpg'");
    expect(clientText('cannot write /home/me/.thumbdesk/cache/ab/ab12.webp', folders)).toBe(
      'cannot write library/cache/ab/ab12.webp',
    );
    expect(clientText('/home/me/.thumbdesk/uploads/x.png is corrupt', folders)).toBe(
      'uploads/x.png is corrupt',
    );
    expect(clientText('source "photos" (/home/me/Pictures) cannot be read', folders)).toBe(
      'source "photos" (photos) cannot be read',
    );
  });

  it('cuts any other absolute path to its last segment, and leaves URLs alone', () => {
    expect(clientText('cannot read /home/me/Pictures-old/a.jpg', folders)).toBe(
      'cannot read a.jpg',
    );
    expect(clientText("EACCES: permission denied, mkdir '/srv/out/img'", folders)).toBe(
      "EACCES: permission denied, mkdir 'img'",
    );
    expect(clientText('cannot read C:\\Users\\me\\a.jpg now', [])).toBe('cannot read a.jpg now');
    expect(clientText('a publish to s3://site/slow is already running', folders)).toBe(
      'a publish to s3://site/slow is already running',
    );
    expect(clientText('1/2 built, 50% done', folders)).toBe('1/2 built, 50% done');
  });
});
