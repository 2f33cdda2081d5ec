import { describe, expect, it } from 'vitest';
import { daysUntilBirthday } from '../../renderer/features/customer/birthday';

describe('days until the next birthday', () => {
  it.each([
    ['1990-03-05', '2026-03-05', 0],
    ['1990-03-05', '2026-03-02', 3],
    ['1990-03-05', '2026-03-06', 364],
    ['1990-01-02', '2026-12-30', 3],
    ['1992-02-29', '2026-02-25', 3],
    ['1992-02-29', '2028-02-27', 2],
    [null, '2026-03-05', null],
  ])('born %s, today %s → %s', (born, today, days) => expect(daysUntilBirthday(born, today)).toBe(days));
});
