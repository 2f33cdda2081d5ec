import { parseDate } from '../../../shared/dates';
import type { CustomerDraftInput } from '../../../shared/schemas';

/** What the clerk has typed, as text: the form never holds anything the core has not yet judged. */
export interface FormValues {
  fullName: string;
  phone: string;
  cardNo: string;
  birthDate: string;
  gender: '' | 'M' | 'F';
  nik: string;
  address: string;
  city: string;
  mainProduct: string;
  invoiceNo: string;
  amount: string;
  consentMarketing: boolean;
}

export const emptyForm: FormValues = {
  fullName: '',
  phone: '',
  cardNo: '',
  birthDate: '',
  gender: '',
  nik: '',
  address: '',
  city: '',
  mainProduct: '',
  invoiceNo: '',
  amount: '',
  consentMarketing: false,
};

/** Fields in screen order: the first one with an error gets the focus. */
export const fieldOrder: (keyof FormValues)[] = ['fullName', 'phone', 'cardNo', 'birthDate', 'gender', 'nik', 'address', 'city', 'mainProduct', 'invoiceNo', 'amount', 'consentMarketing'];

/** `1.250.000`, `1250000`, `Rp 1.250.000` → 1250000; anything else is not an amount. */
export function parseAmount(text: string): number | null | 'invalid' {
  const t = text.replace(/^rp\.?\s*/i, '').trim();
  if (!t) return null;
  if (!/^\d{1,3}([.\s]\d{3})*$|^\d+$/.test(t)) return 'invalid';
  return Number(t.replace(/[.\s]/g, ''));
}

/** Day-first dates as people type them; an unreadable date goes to the core as typed so it reports `date_invalid`. */
export function birthDateForCore(text: string): string | null {
  const t = text.trim();
  if (!t) return null;
  return parseDate(t) ?? t;
}

export function toDraft(values: FormValues): CustomerDraftInput {
  const amount = parseAmount(values.amount);
  return {
    fullName: values.fullName,
    phone: values.phone,
    cardNo: values.cardNo,
    birthDate: birthDateForCore(values.birthDate),
    gender: values.gender || null,
    nik: values.nik || null,
    address: values.address || null,
    city: values.city || null,
    mainProduct: values.mainProduct || null,
    invoiceNo: values.invoiceNo || null,
    amount: typeof amount === 'number' ? amount : null,
    consentMarketing: values.consentMarketing,
  };
}

/** Only what is filled in and well-formed: the duplicate check runs while the clerk is still typing. */
export function partialDraftForDuplicates(values: FormValues): Partial<CustomerDraftInput> {
  const draft: Partial<CustomerDraftInput> = {};
  if (values.fullName.trim()) draft.fullName = values.fullName;
  if (values.phone.trim()) draft.phone = values.phone;
  if (values.cardNo.trim()) draft.cardNo = values.cardNo;
  const birth = values.birthDate.trim() ? parseDate(values.birthDate) : null;
  if (birth) draft.birthDate = birth;
  const nik = values.nik.replace(/[\s.-]+/g, '');
  if (nik.length === 16) draft.nik = nik;
  if (values.address.trim()) draft.address = values.address;
  return draft;
}
