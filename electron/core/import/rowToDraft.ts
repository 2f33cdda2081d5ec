import type { CustomerDraftInput } from '../../../shared/schemas';
import { parseDate } from '../../../shared/dates';
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
  registeredAt?: string;
  outletCode?: string;
  problems: RowProblem[];
}

const GENDERS: Record<string, 'M' | 'F'> = { l: 'M', 'laki-laki': 'M', pria: 'M', m: 'M', male: 'M', p: 'F', perempuan: 'F', wanita: 'F', f: 'F', female: 'F' };

/** Registration time for a legacy day-only date: midnight in Jakarta. */
function dayToInstant(day: string): string {
  return new Date(`${day}T00:00:00+07:00`).toISOString();
}

/** Turns one spreadsheet row into a registration draft, noting the values that cannot be read. */
export function rowToDraft(fields: (ImportField | null)[], cells: string[]): ImportRow {
  const value: Partial<Record<ImportField, string>> = {};
  const problems: RowProblem[] = [];
  fields.forEach((field, i) => {
    const cell = (cells[i] ?? '').trim();
    if (!field || !cell) return;
    if (isUnsafeText(cell)) problems.push({ field, messageKey: 'error.text_invalid', value: cell.replace(/[^\P{Cc}\t\n\r]/gu, '\uFFFD') });
    else value[field] = cell;
  });
  const date = (field: 'birthDate' | 'registeredAt') => {
    const raw = value[field];
    if (!raw) return null;
    const parsed = parseDate(raw);
    if (!parsed) problems.push({ field, messageKey: 'error.date_invalid', value: raw });
    return parsed;
  };
  const birthDate = date('birthDate');
  const registeredDay = date('registeredAt');
  let gender: 'M' | 'F' | null = null;
  if (value.gender) {
    gender = GENDERS[value.gender.toLowerCase()] ?? null;
    if (!gender) problems.push({ field: 'gender', messageKey: 'error.gender_invalid', value: value.gender });
  }
  let amount: number | null = null;
  if (value.amount) {
    // Rupiah in exports is written with dot thousands (1.250.000) or plain digits.
    const digits = value.amount.replace(/^rp\s*/i, '').replace(/[.\s]/g, '').replace(/,00$/, '');
    amount = /^\d+$/.test(digits) ? Number(digits) : NaN;
    if (!Number.isSafeInteger(amount)) problems.push({ field: 'amount', messageKey: 'error.amount_invalid', value: value.amount });
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
      amount: amount !== null && Number.isSafeInteger(amount) ? amount : null,
      consentMarketing: false,
    },
    registeredAt: registeredDay ? dayToInstant(registeredDay) : undefined,
    outletCode: value.outlet,
    problems,
  };
}
