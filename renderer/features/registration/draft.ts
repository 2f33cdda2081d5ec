import { parseDate } from '../../../shared/dates';
import type { ConsentPurpose } from '../../../shared/privacy';
import type { CustomerDraftInput } from '../../../shared/schemas';

export { parseAmount } from '../../../shared/amount';

/** What the clerk has typed, as text: the form never holds anything the core has not yet judged. */
export interface FormValues {
  fullName: string;
  phone: string;
  cardNo: string;
  birthDate: string;
  gender: '' | 'M' | 'F';
  nik: string;
  email: string;
  address: string;
  city: string;
  mainProduct: string;
  invoiceNo: string;
  amount: string;
  /** The marketing purposes the customer agreed to, each asked on its own. */
  consents: ConsentPurpose[];
}

export const emptyForm: FormValues = {
  fullName: '',
  phone: '',
  cardNo: '',
  birthDate: '',
  gender: '',
  nik: '',
  email: '',
  address: '',
  city: '',
  mainProduct: '',
  invoiceNo: '',
  amount: '',
  consents: [],
};

/** Fields in screen order: the first one with an error gets the focus. */
export const fieldOrder: string[] = ['fullName', 'phone', 'cardNo', 'birthDate', 'gender', 'nik', 'email', 'city', 'address', 'mainProduct', 'invoiceNo', 'amount', 'consentPurposes'];

/** Day-first dates as people type them; an unreadable date goes to the core as typed so it reports `date_invalid`. */
export function birthDateForCore(text: string): string | null {
  const t = text.trim();
  if (!t) return null;
  return parseDate(t) ?? t;
}

/** Everything as typed (the amount too): the core checks every field at once and reports each problem. */
export function toDraft(values: FormValues): CustomerDraftInput {
  return {
    fullName: values.fullName,
    phone: values.phone,
    cardNo: values.cardNo,
    birthDate: birthDateForCore(values.birthDate),
    gender: values.gender || null,
    nik: values.nik || null,
    email: values.email || null,
    address: values.address || null,
    city: values.city || null,
    mainProduct: values.mainProduct || null,
    invoiceNo: values.invoiceNo || null,
    amount: values.amount.trim() || null,
    consentPurposes: values.consents,
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
  // Only a whole address: the check runs while the clerk is still typing it.
  if (/^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(values.email.trim())) draft.email = values.email.trim();
  return draft;
}
