import { describe, expect, it } from 'vitest';
import { totalmem } from 'node:os';
import { pageCacheFor, withPageCache } from '../../electron/core/store/pageCache';
import { tempStore } from '../support/tempStore';

describe('a pass with a larger page cache', () => {
  it('runs with the larger cache and gives it back afterwards, also when the work fails', () => {
    const store = tempStore();
    const before = store.sqlite.pragma('cache_size', { simple: true });
    expect(withPageCache(store, 512, () => store.sqlite.pragma('cache_size', { simple: true }))).toBe(-512 * 1024);
    expect(store.sqlite.pragma('cache_size', { simple: true })).toBe(before);
    expect(() =>
      withPageCache(store, 256, () => {
        throw new Error('pass failed');
      }),
    ).toThrow('pass failed');
    expect(store.sqlite.pragma('cache_size', { simple: true })).toBe(before);
  });
});

describe('the page cache a pass asks for', () => {
  it('grows with the work, from its floor, and stops at a quarter of the machine memory', () => {
    const quarter = Math.floor(totalmem() / 4 / 2 ** 20);
    expect(pageCacheFor(10, 12, 512)).toBe(512);
    expect(pageCacheFor(100_000, 12, 512)).toBe(Math.max(512, Math.min(quarter, 1172)));
    expect(pageCacheFor(1e9, 12, 512)).toBe(Math.max(512, quarter));
  });
});
