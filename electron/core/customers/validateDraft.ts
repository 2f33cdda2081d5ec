import type { z } from 'zod';
import { AkrabError, type AkrabErrorShape } from '../../../shared/errors';
import { customerDraftSchema, type CustomerDraft, type CustomerDraftInput } from '../../../shared/schemas';
import { normalizePhone, type NormalizedPhone } from '../../../shared/phone';
import { parseNik, nikConflicts } from '../../../shared/nik';
import { isValidCardNo, normalizeCardNo } from '../../../shared/card';

export interface ValidDraft extends CustomerDraft {
  cardNo: string;
  normalizedPhone: NormalizedPhone;
}

/** Turns zod issues into field errors whose messages are message keys. */
export function fieldIssues(error: z.ZodError): AkrabErrorShape[] {
  return error.issues.map((issue) => ({
    code: 'validation' as const,
    field: issue.path.join('.'),
    messageKey: issue.message.startsWith('error.') ? issue.message : 'error.invalid',
  }));
}

export function validationFailure(issues: AkrabErrorShape[]): AkrabError {
  const first = issues[0];
  return new AkrabError({ code: 'validation', messageKey: first?.messageKey ?? 'error.invalid', field: first?.field, issues });
}

/**
 * Checks a registration draft and returns it normalised (E.164 phone, canonical card number,
 * gender taken from the NIK when not given). Every problem is reported at once, each with its field.
 */
export function validateDraft(input: CustomerDraftInput, today: string): ValidDraft {
  // Field by field, so an empty name does not hide a bad phone or card: the booth sees every problem at once.
  const issues: AkrabErrorShape[] = [];
  const parsedFields: Record<string, unknown> = {};
  const raw = (input ?? {}) as Record<string, unknown>;
  for (const [key, schema] of Object.entries(customerDraftSchema.shape)) {
    const result = (schema as z.ZodType).safeParse(raw[key]);
    if (result.success) parsedFields[key] = result.data;
    else issues.push(...fieldIssues(result.error).map((issue) => ({ ...issue, field: [key, issue.field].filter(Boolean).join('.') })));
  }
  const draft = parsedFields as CustomerDraft;
  const problem = (field: string, messageKey: string) => issues.push({ code: 'validation', field, messageKey });
  const parsedOk = (field: string) => parsedFields[field] !== undefined;

  const normalizedPhone = parsedOk('phone') ? normalizePhone(draft.phone) : null;
  if (parsedOk('phone') && !normalizedPhone) problem('phone', 'error.phone_invalid');

  const cardNo = parsedOk('cardNo') ? normalizeCardNo(draft.cardNo) : '';
  if (parsedOk('cardNo') && !isValidCardNo(cardNo)) problem('cardNo', 'error.card_invalid');

  if (draft.birthDate && (draft.birthDate > today || draft.birthDate < '1900-01-01')) problem('birthDate', 'error.birth_date_range');

  let gender = draft.gender ?? null;
  let nik = draft.nik;
  if (nik) {
    nik = nik.replace(/[\s.-]+/g, '');
    const result = parseNik(nik);
    if (!result.ok) {
      problem('nik', `error.nik_${result.problem}`);
    } else {
      for (const conflict of nikConflicts(result.facts, draft.birthDate, gender)) problem(conflict === 'gender' ? 'gender' : 'birthDate', `error.nik_${conflict}_mismatch`);
      gender ??= result.facts.gender;
    }
  }

  if (issues.length > 0) throw validationFailure(issues);
  const consentMarketing = draft.consentPurposes ? draft.consentPurposes.length > 0 : draft.consentMarketing;
  return { ...draft, consentMarketing, gender, nik: nik ?? null, cardNo, normalizedPhone: normalizedPhone! };
}
