import { describe, expect, it } from 'vitest';
import { withPageCache } from '../../electron/core/store/pageCache';
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
