import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * What the booth should look at twice but may still save (a warning, never a refusal): a one-letter name, and a phone in "Nomor HP" that is valid but not an Indonesian mobile number
 * (a landline, or a number abroad). The full metadata is needed here: only it knows a number's type.
 */
export type DraftWarning = { field: 'fullName' | 'phone'; messageKey: string; params?: Record<string, string> };

export function nameWarning(fullName: string): DraftWarning | null {
  const letters = fullName.match(/\p{L}/gu)?.length ?? 0;
  if (!fullName.trim()) return null;
  // No letter at all is not a warning but a refusal (error.name_no_letters, shared/schemas.ts).
  if (letters === 1) return { field: 'fullName', messageKey: 'warning.name_too_short' };
  return null;
}

export function phoneWarning(phone: string): DraftWarning | null {
  const text = phone.trim();
  if (!/^[+()\d\s.-]+$/.test(text)) return null;
  const parsed = parsePhoneNumberFromString(text, 'ID');
  // An invalid number is the core's error (error.phone_invalid), not a warning.
  if (!parsed?.isValid()) return null;
  if (parsed.country && parsed.country !== 'ID') return { field: 'phone', messageKey: 'warning.phone_foreign', params: { country: parsed.country } };
  const type = parsed.getType();
  if (type === 'FIXED_LINE') return { field: 'phone', messageKey: 'warning.phone_landline' };
  if (type && type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') return { field: 'phone', messageKey: 'warning.phone_not_mobile' };
  return null;
}

export function draftWarnings(values: { fullName: string; phone: string }): DraftWarning[] {
  return [nameWarning(values.fullName), phoneWarning(values.phone)].filter((w): w is DraftWarning => w !== null);
}
