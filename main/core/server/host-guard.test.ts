import { describe, expect, it } from 'vitest';
import { hostGuard, isHostName } from './host-guard.js';

describe('hostGuard', () => {
  it('answers loopback names and the address listened on, with the port', () => {
    const allowed = hostGuard('127.0.0.1', 8420);
    for (const host of ['127.0.0.1:8420', 'LOCALHOST:8420', '[::1]:8420']) {
      expect(allowed(host), host).toBe(true);
    }
    for (const host of [
      '127.0.0.1',
      'localhost:80',
      'evil.example:8420',
      '',
      '127.0.0.1:8420.evil',
    ]) {
      expect(allowed(host), host).toBe(false);
    }
    expect(hostGuard('192.168.1.5', 8420)('192.168.1.5:8420')).toBe(true);
  });

  it('adds --allowed-host names: bare with any port or none, with a port only that one', () => {
    const allowed = hostGuard('127.0.0.1', 8420, ['img.example.com', 'Admin.example.com:443']);
    expect(allowed('img.example.com')).toBe(true);
    expect(allowed('IMG.example.com:8080')).toBe(true);
    expect(allowed('admin.example.com:443')).toBe(true);
    expect(allowed('admin.example.com')).toBe(false);
    expect(allowed('x.img.example.com')).toBe(false);
    expect(allowed('img.example.com.evil')).toBe(false);
  });
});

describe('isHostName', () => {
  it('takes DNS names and IP literals with an optional port, nothing else', () => {
    for (const name of [
      'img.example.com',
      'localhost',
      '10.0.0.2:8420',
      '[::1]',
      '[fe80::1]:443',
    ]) {
      expect(isHostName(name), name).toBe(true);
    }
    for (const name of [
      '*.example.com',
      'http://a',
      'a/b',
      '-a.com',
      'a..b',
      '',
      'a b',
      'a:port',
    ]) {
      expect(isHostName(name), name).toBe(false);
    }
  });
});
