import { describe, expect, it } from 'vitest';
import { AuthFailures } from '../../server/authFailures';

describe('failed-authentication limit', () => {
  it('blocks an address after max failures within the window, and lets it go when the window ends', () => {
    let now = 0;
    const failures = new AuthFailures(3, 1000, () => now);
    for (let i = 0; i < 2; i++) failures.record('a');
    expect(failures.blocked('a')).toBe(false);
    failures.record('a');
    expect(failures.blocked('a')).toBe(true);
    expect(failures.blocked('b')).toBe(false);
    now = 999;
    expect(failures.blocked('a')).toBe(true);
    now = 1000;
    expect(failures.blocked('a')).toBe(false);
    failures.record('a');
    expect(failures.blocked('a')).toBe(false);
  });
});
