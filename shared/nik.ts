/**
 * NIK (Nomor Induk Kependudukan): 16 digits — province (2), regency (2), district (2),
 * birth date DDMMYY with 40 added to the day for women, then a 4-digit serial from 0001.
 */
export interface NikFacts {
  provinceCode: string;
  gender: 'M' | 'F';
  /** Day and month of birth; the century is not encoded. */
  birthDay: number;
  birthMonth: number;
  birthYearTwoDigits: number;
}

export type NikProblem = 'format' | 'province' | 'birth_date' | 'serial';

export function parseNik(nik: string): { ok: true; facts: NikFacts } | { ok: false; problem: NikProblem } {
  if (!/^\d{16}$/.test(nik)) return { ok: false, problem: 'format' };
  const province = Number(nik.slice(0, 2));
  if (province < 11 || province > 99) return { ok: false, problem: 'province' };
  let day = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const year = Number(nik.slice(10, 12));
  const gender: 'M' | 'F' = day > 40 ? 'F' : 'M';
  if (gender === 'F') day -= 40;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(month, year)) return { ok: false, problem: 'birth_date' };
  if (nik.slice(12) === '0000') return { ok: false, problem: 'serial' };
  return { ok: true, facts: { provinceCode: nik.slice(0, 2), gender, birthDay: day, birthMonth: month, birthYearTwoDigits: year } };
}

function daysInMonth(month: number, twoDigitYear: number): number {
  // The century is unknown, so 29 February is accepted for any year divisible by 4 (2000 was a leap year too).
  if (month === 2) return twoDigitYear % 4 === 0 ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 31;
}

/** What, if anything, the NIK contradicts: the birth date (YYYY-MM-DD) or gender given beside it. */
export function nikConflicts(facts: NikFacts, birthDate?: string | null, gender?: 'M' | 'F' | null): ('birth_date' | 'gender')[] {
  const conflicts: ('birth_date' | 'gender')[] = [];
  if (birthDate) {
    const [y, m, d] = birthDate.split('-').map(Number);
    if (d !== facts.birthDay || m !== facts.birthMonth || (y ?? 0) % 100 !== facts.birthYearTwoDigits) conflicts.push('birth_date');
  }
  if (gender && gender !== facts.gender) conflicts.push('gender');
  return conflicts;
}

/** Masks a NIK for screens and exports: province and regency stay, the rest is hidden but the last 2. */
export function maskNik(nik: string): string {
  return nik.length === 16 ? `${nik.slice(0, 4)}${'•'.repeat(10)}${nik.slice(14)}` : '•'.repeat(nik.length);
}
