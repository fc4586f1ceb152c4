import { describe, expect, it } from 'vitest';
import { isMountedTarget, isOwnPath } from './own-paths.js';

// The host's own paths, as sent, dot segments (plain or percent-encoded) included.
const OWN = [
  '/',
  '/index.html',
  '/assets/app.js',
  '/api/images?x=1',
  '/media/ab.webp',
  '/x/../api/images',
  '/%2e%2e/api/images',
  '/sig/.%2E/../media/a.jpg',
  '/./index.html',
  `/${'a/'.repeat(300)}${'../'.repeat(300)}api/images`,
];
const MOUNTED = [
  '/sig/rs:fill:300:200/plain/local:///photos/big.jpg@webp',
  '/assets/../x.png',
  '/apis/x',
  '/index.html/x',
  '/metrics',
  `/sig/${'w:1/'.repeat(200)}plain/a.jpg`,
];

describe('isMountedTarget', () => {
  it('answers as parsing each target anew would, however often a target is asked', () => {
    for (let round = 0; round < 3; round += 1) {
      for (const target of OWN) expect(isMountedTarget(target), target).toBe(false);
      for (const target of MOUNTED) expect(isMountedTarget(target), target).toBe(true);
    }
  });

  it('still refuses own paths after the memo was emptied by a flood of targets', () => {
    for (let i = 0; i < 5000; i += 1) expect(isMountedTarget(`/flood/${i}`)).toBe(true);
    for (const target of OWN) expect(isMountedTarget(target), target).toBe(false);
  });

  it('refuses a target that is not a path', () => {
    expect(isMountedTarget('*')).toBe(false);
    expect(isMountedTarget('http://a:99999/x')).toBe(false);
  });
});

describe('isOwnPath', () => {
  it('names the renderer, the contract and media, nothing beside them', () => {
    expect(['/', '/index.html', '/assets/a', '/api/x', '/media/y'].map(isOwnPath)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['/assets', '/api', '/x', '/index.htm'].map(isOwnPath)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
