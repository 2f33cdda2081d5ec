import { describe, expect, it } from 'vitest';
import { maskPhone, normalizePhone, formatPhoneNational, whatsappLink } from '../../shared/phone';

describe('normalizePhone', () => {
  it.each([
    ['0812-3456-7890', '+6281234567890'],
    ['0812 3456 7890', '+6281234567890'],
    ['+62 812-3456-7890', '+6281234567890'],
    ['+6281234567890', '+6281234567890'],
    ['6281234567890', '+6281234567890'],
    ['62 812 3456 7890', '+6281234567890'],
    ['(0812) 3456-7890', '+6281234567890'],
    ['081234567890', '+6281234567890'],
    ['(021) 555-1234', '+62215551234'],
    ['022-7654321', '+62227654321'],
  ])('%s → %s', (input, e164) => {
    expect(normalizePhone(input)?.e164).toBe(e164);
  });

  it.each(['12345', '0000', 'abc', '0812-34', '08123456789012345', '', '0812 3456 78x0'])('rejects %j', (input) => {
    expect(normalizePhone(input)).toBeNull();
  });
});

describe('phone display', () => {
  it('masks the middle digits', () => expect(maskPhone('+6281234567890')).toBe('0812-••••-7890'));
  it('formats mobile numbers 4-4-rest', () => expect(formatPhoneNational('+6281234567890')).toBe('0812-3456-7890'));
  it('builds a wa.me link without the plus', () =>
    expect(whatsappLink('+6281234567890', 'Halo Budi')).toBe('https://wa.me/6281234567890?text=Halo%20Budi'));
});
