import type { CustomerDraftInput } from '../../../shared/schemas';
import { parseDate, parseDateTime, type ParsedDateTime } from '../../../shared/dates';
import { isUnsafeText } from '../../../shared/text';
import { normalizePhone, type NormalizedPhone } from '../../../shared/phone';
import type { ImportField } from './headerAliases';

export interface RowProblem {
  field: string;
  messageKey: string;
  /** The cell as written, for the error report. */
  value: string;
}

export interface ImportRow {
  /** The registration draft but its phone: only a new customer needs the phones read (`withPhones`). */
  draft: Omit<CustomerDraftInput, 'phone'>;
  /** The phone cells as written, in column order (a cell a spreadsheet wrote as 6.28123E+11 is a problem instead). */
  phoneCells: string[];
  /** When the card was registered as the file writes it; the outlet's time zone turns it into an instant. */
  registered: ParsedDateTime | null;
  outletCode?: string;
  problems: RowProblem[];
}

const GENDERS: Record<string, 'M' | 'F'> = {
  l: 'M', lk: 'M', laki: 'M', 'laki-laki': 'M', 'laki laki': 'M', pria: 'M', m: 'M', male: 'M', man: 'M', cowok: 'M',
  p: 'F', pr: 'F', perempuan: 'F', wanita: 'F', f: 'F', female: 'F', woman: 'F', cewek: 'F',
};

const FILE_DATES = { twoDigitYears: true } as const;

/**
 * A date Excel kept as its serial number (a cell formatted General, or copied out of one): days since 1899-12-30, a
 * fraction for the time of day. Five digits only (1927-05-18 to 2173): a four-digit number in a date column is more
 * likely a year than a date before 1927.
 */
export function excelSerialDate(written: string): ParsedDateTime | null {
  if (!/^\d{5}(\.\d+)?$/.test(written)) return null;
  const at = new Date(Math.round((Date.UTC(1899, 11, 30) + Number(written) * 86_400_000) / 1000) * 1000).toISOString();
  const time = at.slice(11, 19);
  return { day: at.slice(0, 10), time: time === '00:00:00' ? null : time, offsetMinutes: null };
}

function fullAddress(street: string | undefined, rtCell: string | undefined, rwCell: string | undefined, areas: string[]): string | null {
  // One `RT/RW` column holds both: `003/005`.
  const [rt, rw = rwCell] = rtCell?.split('/').map((p) => p.trim()) ?? [undefined];
  const unit = [rt && `RT ${rt}`, rw && `RW ${rw}`].filter(Boolean).join('/');
  const head = [street, unit].filter(Boolean).join(' ');
  return [head, ...areas].filter(Boolean).join(', ') || null;
}

/** The numbers in a phone cell: one, or several split by `/ , ; & |` or "atau"/"or"; null when one cannot be read. */
function phonesInCell(cell: string): NormalizedPhone[] | null {
  const whole = normalizePhone(cell);
  if (whole) return [whole];
  const parts = cell.split(/\s*(?:[/,;&|\n]|\batau\b|\bor\b)\s*/i).filter(Boolean);
  if (parts.length < 2) return null;
  const numbers = parts.map((p) => normalizePhone(p));
  return numbers.every((n) => n !== null) ? (numbers as NormalizedPhone[]) : null;
}

/**
 * Rupiah as exports write it: `1.250.000`, `1,250,000`, `Rp 1.250.000,-`, `1250000.00`, `1.250.000,50`.
 * Rupiah has no minor unit in practice: a fraction is rounded. Null when it is not an amount.
 */
export function parseRupiah(written: string): number | null {
  const s = written.replace(/^rp\.?\s*/i, '').replace(/\s+/g, '').replace(/[.,]-$/, '');
  let whole: string;
  let fraction = '';
  let m: RegExpExecArray | null;
  if (/^\d+$/.test(s)) whole = s;
  else if ((m = /^(\d{1,3}(?:\.\d{3})+)(?:,(\d{1,2}))?$/.exec(s))) [whole, fraction] = [m[1]!.replace(/\./g, ''), m[2] ?? ''];
  else if ((m = /^(\d{1,3}(?:,\d{3})+)(?:\.(\d{1,2}))?$/.exec(s))) [whole, fraction] = [m[1]!.replace(/,/g, ''), m[2] ?? ''];
  else if ((m = /^(\d+)[.,](\d{1,2})$/.exec(s))) [whole, fraction] = [m[1]!, m[2]!];
  else return null;
  const value = Math.round(Number(`${whole}.${fraction || '0'}`));
  return Number.isSafeInteger(value) ? value : null;
}

/**
 * Whitespace other systems' exports leave inside a field: tabs, line breaks (CR, LF, CRLF, and the vertical tab or form
 * feed some exporters write for a line break within a cell), the next-line and line/paragraph separators, the
 * non-breaking and other Unicode spaces. A field here is one line, so each run becomes one space; a phone cell keeps
 * its line breaks, one number a line, as phonesInCell reads them.
 */
const SPACES = /[\t \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+/g;
const LINE_BREAKS = /[\r\n\v\f\u0085\u2028\u2029]+/g;

export function spacedOut(cell: string, keepLineBreaks = false): string {
  return (keepLineBreaks ? cell.replace(LINE_BREAKS, '\n') : cell.replace(LINE_BREAKS, ' ')).replace(SPACES, ' ').trim();
}

/** Turns one spreadsheet row into a registration draft, noting the values that cannot be read. */
export function rowToDraft(fields: (ImportField | null)[], cells: string[]): ImportRow {
  const value: Partial<Record<ImportField, string>> = {};
  const problems: RowProblem[] = [];
  const phoneCells: string[] = [];
  const areas: string[] = [];
  fields.forEach((field, i) => {
    if (!field) return;
    const cell = spacedOut(cells[i] ?? '', field === 'phone');
    if (!cell) return;
    // The control characters left (NUL, escape…) mean nothing in any field: refused, each shown as �.
    // Two columns for one field: the first one filled in counts, but every phone is kept.
    if (isUnsafeText(cell)) problems.push({ field, messageKey: 'error.text_invalid', value: cell.replace(/[^\P{Cc}\n]/gu, '\uFFFD') });
    else if (field === 'phone') phoneCells.push(cell);
    else if (field === 'addressArea') areas.push(cell);
    else value[field] ??= cell;
  });
  // A spreadsheet that took a phone for a number wrote it as 6.28123E+11: its last digits are gone.
  const readable = phoneCells.filter((cell) => {
    const scientific = /^\+?\d+([.,]\d+)?e\+?\d+$/i.test(cell);
    if (scientific) problems.push({ field: 'phone', messageKey: 'error.phone_scientific', value: cell });
    return !scientific;
  });
  const date = <T>(field: 'birthDate' | 'registeredAt', parse: (raw: string) => T | null): T | null => {
    const raw = value[field];
    if (!raw) return null;
    const parsed = parse(raw);
    if (!parsed) problems.push({ field, messageKey: 'error.date_invalid', value: raw });
    return parsed;
  };
  // "Tempat, tanggal lahir" columns write the birthplace first: `Bandung, 17-08-1985`.
  const birthDate = date(
    'birthDate',
    (raw) => parseDate(raw, FILE_DATES) ?? parseDate(raw.slice(raw.lastIndexOf(',') + 1), FILE_DATES) ?? excelSerialDate(raw)?.day ?? null,
  );
  const registered = date('registeredAt', (raw) => parseDateTime(raw, FILE_DATES) ?? excelSerialDate(raw));
  let gender: 'M' | 'F' | null = null;
  if (value.gender) {
    gender = GENDERS[value.gender.toLowerCase().replace(/[.\s]+$/, '')] ?? null;
    if (!gender) problems.push({ field: 'gender', messageKey: 'error.gender_invalid', value: value.gender });
  }
  let amount: number | null = null;
  if (value.amount) {
    amount = parseRupiah(value.amount);
    if (amount === null) problems.push({ field: 'amount', messageKey: 'error.amount_invalid', value: value.amount });
  }
  return {
    draft: {
      fullName: value.fullName ?? '',
      cardNo: value.cardNo ?? '',
      birthDate,
      gender,
      nik: value.nik ?? null,
      email: value.email ?? null,
      address: fullAddress(value.address, value.rt, value.rw, areas),
      city: value.city ?? null,
      mainProduct: value.mainProduct ?? null,
      invoiceNo: value.invoiceNo ?? null,
      amount,
      consentMarketing: false,
    },
    registered,
    phoneCells: readable,
    outletCode: value.outlet,
    problems,
  };
}

/**
 * The row's draft with its phone, and its further numbers (a second phone column, or `0812… / 0813…` in one cell).
 * Parsing phones is most of a row's checking, and a row whose card is already in the store needs none.
 */
export function withPhones(row: ImportRow): { draft: CustomerDraftInput; otherPhones: NormalizedPhone[] } {
  let phone: string | undefined;
  const otherPhones: NormalizedPhone[] = [];
  for (const cell of row.phoneCells) {
    const numbers = phonesInCell(cell);
    if (!numbers) {
      // One unreadable number: the core's check names it (error.phone_invalid) as it would at the counter.
      phone ??= cell;
      continue;
    }
    for (const n of numbers) {
      if (!phone) phone = n.e164;
      else if (n.e164 !== phone && !otherPhones.some((o) => o.e164 === n.e164)) otherPhones.push(n);
    }
  }
  return { draft: { ...row.draft, phone: phone ?? '' }, otherPhones };
}
