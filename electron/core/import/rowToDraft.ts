import type { CustomerDraftInput } from '../../../shared/schemas';
import { parseDate, parseDateTime, type ParsedDateTime } from '../../../shared/dates';
import { isUnsafeText } from '../../../shared/text';
import type { ImportField } from './headerAliases';

export interface RowProblem {
  field: string;
  messageKey: string;
  /** The cell as written, for the error report. */
  value: string;
}

export interface ImportRow {
  draft: CustomerDraftInput;
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

/** Turns one spreadsheet row into a registration draft, noting the values that cannot be read. */
export function rowToDraft(fields: (ImportField | null)[], cells: string[]): ImportRow {
  const value: Partial<Record<ImportField, string>> = {};
  const problems: RowProblem[] = [];
  fields.forEach((field, i) => {
    const cell = (cells[i] ?? '').trim();
    if (!field || !cell) return;
    // Two columns for one field (a second phone, say): the first one filled in counts.
    if (isUnsafeText(cell)) problems.push({ field, messageKey: 'error.text_invalid', value: cell.replace(/[^\P{Cc}\t\n\r]/gu, '\uFFFD') });
    else value[field] ??= cell;
  });
  const date = <T>(field: 'birthDate' | 'registeredAt', parse: (raw: string) => T | null): T | null => {
    const raw = value[field];
    if (!raw) return null;
    const parsed = parse(raw);
    if (!parsed) problems.push({ field, messageKey: 'error.date_invalid', value: raw });
    return parsed;
  };
  // "Tempat, tanggal lahir" columns write the birthplace first: `Bandung, 17-08-1985`.
  const birthDate = date('birthDate', (raw) => parseDate(raw, FILE_DATES) ?? parseDate(raw.slice(raw.lastIndexOf(',') + 1), FILE_DATES));
  const registered = date('registeredAt', (raw) => parseDateTime(raw, FILE_DATES));
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
  // A spreadsheet that took a phone for a number wrote it as 6.28123E+11: its last digits are gone.
  if (value.phone && /^\+?\d+([.,]\d+)?e\+?\d+$/i.test(value.phone)) {
    problems.push({ field: 'phone', messageKey: 'error.phone_scientific', value: value.phone });
    delete value.phone;
  }
  return {
    draft: {
      fullName: value.fullName ?? '',
      phone: value.phone ?? '',
      cardNo: value.cardNo ?? '',
      birthDate,
      gender,
      nik: value.nik ?? null,
      email: value.email ?? null,
      address: value.address ?? null,
      city: value.city ?? null,
      mainProduct: value.mainProduct ?? null,
      invoiceNo: value.invoiceNo ?? null,
      amount,
      consentMarketing: false,
    },
    registered,
    outletCode: value.outlet,
    problems,
  };
}
