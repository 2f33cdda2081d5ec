import { describe, expect, it } from 'vitest';
import { nameWarning, phoneWarning } from '../../shared/draftWarnings';

describe('registration warnings (a second look, never a refusal)', () => {
  it.each([
    ['A', 'warning.name_too_short'],
    // No letter at all: refused at save (error.name_no_letters), so no warning.
    ['12345', null],
    ['--', null],
    ['Ani', null],
    ['Bu Siti', null],
    ['', null],
  ])('name %j → %j', (name, key) => expect(nameWarning(name)?.messageKey ?? null).toBe(key));

  it.each([
    ['0812-3456-7890', null],
    ['+62 856 1234 5678', null],
    ['(021) 555-0123', 'warning.phone_landline'],
    ['0274 512345', 'warning.phone_landline'],
    ['+65 9123 4567', 'warning.phone_foreign'],
    ['+1 212 555 0123', 'warning.phone_foreign'],
    ['12345', null],
    ['bukan nomor', null],
  ])('phone %j → %j', (phone, key) => expect(phoneWarning(phone)?.messageKey ?? null).toBe(key));
});
