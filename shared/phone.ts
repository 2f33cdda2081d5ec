import { parsePhoneNumberFromString } from 'libphonenumber-js';

export interface NormalizedPhone {
  /** +62… */
  e164: string;
  /** National significant number, without the trunk 0: 81234567890. */
  national: string;
}

/** Parses any common Indonesian way of writing a phone (08…, +62…, 62…, spaces, dashes, parentheses). */
export function normalizePhone(input: string): NormalizedPhone | null {
  const trimmed = input.trim();
  if (!/^[+()\d\s.-]+$/.test(trimmed)) return null;
  const parsed = parsePhoneNumberFromString(trimmed, 'ID');
  if (!parsed || !parsed.isValid()) return null;
  return { e164: parsed.number, national: parsed.nationalNumber };
}

export function digitsOnly(input: string): string {
  return input.replace(/\D+/g, '');
}

export function reverseDigits(digits: string): string {
  return digits.split('').reverse().join('');
}

/** `+6281234567890` → `0812-3456-7890` (mobile grouping 4-4-rest; landlines keep the area code apart). */
export function formatPhoneNational(e164: string): string {
  const national = '0' + e164.replace(/^\+62/, '');
  if (national.startsWith('08')) return [national.slice(0, 4), national.slice(4, 8), national.slice(8)].filter(Boolean).join('-');
  return national;
}

/** Masks the middle of a phone for screens: `0812-••••-7890`. */
export function maskPhone(e164: string): string {
  const national = '0' + e164.replace(/^\+62/, '');
  if (national.length < 8) return national.replace(/\d(?=\d{2})/g, '•');
  const head = national.slice(0, 4);
  const tail = national.slice(-4);
  return `${head}-${'•'.repeat(4)}-${tail}`;
}

/** WhatsApp click-to-chat link: digits of the E.164 number without the plus. */
export function whatsappLink(e164: string, text?: string): string {
  const base = `https://wa.me/${e164.replace(/^\+/, '')}`;
  return text ? `${base}?text=${encodeURIComponent(text)}` : base;
}
