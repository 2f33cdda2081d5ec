import type { TFunction } from 'i18next';
import type { DedupEvidence, DedupMember } from '../../../shared/types';
import { maskNik } from '../../../shared/nik';
import { maskPhone } from '../../../shared/phone';
import { formatInZone } from '../../../shared/zoneTime';
import { localeOf } from '../../i18n';

export const MEMBER_FIELDS = ['fullName', 'birthDate', 'gender', 'nik', 'email', 'address', 'city', 'notes'] as const;
export type MemberField = (typeof MEMBER_FIELDS)[number];

const calendar = new Map<string, Intl.DateTimeFormat>();

/** A birth date as people write it: `14 Feb 1990` (a calendar date has no zone). */
export function formatBirthDate(isoDate: string, language: string): string {
  const locale = localeOf(language);
  let format = calendar.get(locale);
  if (!format)
    calendar.set(locale, (format = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })));
  const date = new Date(`${isoDate}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? isoDate : format.format(date);
}

/** One cell of the comparison, in words: gender spelled out, dates day first, registration in the outlet's zone. */
export function memberValue(
  t: TFunction,
  language: string,
  member: DedupMember,
  field: MemberField | 'phones' | 'cardNos' | 'registeredAt',
): string {
  switch (field) {
    case 'phones':
      // Masked like everywhere else in the app; the last digits still show a shared number.
      return member.phones.map(maskPhone).join(', ');
    case 'cardNos':
      return member.cardNos.join(', ');
    case 'nik':
      return member.nik ? maskNik(member.nik) : '';
    case 'gender':
      return member.gender ? t(`dedupReview.gender.${member.gender}`) : '';
    case 'birthDate':
      return member.birthDate ? formatBirthDate(member.birthDate, language) : '';
    case 'registeredAt': {
      const when = formatInZone(member.registeredAt, localeOf(language), member.registeredOutletTimeZone);
      return member.registeredOutletCode ? `${when} · ${member.registeredOutletCode}` : when;
    }
    default:
      return member[field] ?? '';
  }
}

/** Which raw field of a member an evidence kind compares, to tell "the same" from "the same once normalised". */
const evidenceField: Partial<Record<DedupEvidence['kind'], (m: DedupMember) => string | null>> = {
  name: (m) => m.fullName,
  address: (m) => m.address,
  city: (m) => m.city,
  email: (m) => m.email,
};

/**
 * A piece of evidence as a sentence: `Nama: sama setelah ejaan disamakan — bukti kuat (+7,8)`. The weight is the
 * model's log-likelihood ratio, rounded to one decimal and said in words (strong / some / weak, for or against).
 */
export function evidenceText(t: TFunction, language: string, evidence: DedupEvidence, a?: DedupMember, b?: DedupMember): string {
  const raw = evidenceField[evidence.kind];
  const differentlyWritten =
    evidence.level === 'same' && raw && a && b && (raw(a) ?? '').trim().toLowerCase() !== (raw(b) ?? '').trim().toLowerCase();
  const level =
    evidence.kind === 'visit' || evidence.kind === 'season'
      ? t(`dedupReview.visitLevel.${evidence.level}`)
      : differentlyWritten
        ? t('dedupReview.level.sameNormalised')
        : t(`dedupReview.level.${evidence.level}`);
  const similarity =
    evidence.similarity !== undefined && evidence.level === 'similar' ? ` (${Math.round(evidence.similarity * 100)}%)` : '';
  const w = evidence.weight;
  const strength =
    w >= 6
      ? 'strongFor'
      : w >= 2
        ? 'for'
        : w > 0
          ? 'weakFor'
          : w <= -6
            ? 'strongAgainst'
            : w <= -2
              ? 'against'
              : w < 0
                ? 'weakAgainst'
                : 'neutral';
  const weight = new Intl.NumberFormat(localeOf(language), {
    maximumFractionDigits: 1,
    minimumFractionDigits: 1,
    signDisplay: 'exceptZero',
  }).format(Math.round(w * 10) / 10);
  return `${t(`dedupReview.ev.${evidence.kind}`)}: ${level}${similarity} — ${t(`dedupReview.strength.${strength}`)} (${weight})`;
}
