import type { TFunction } from 'i18next';
import type { FollowUp } from '../../../shared/care';
import { reasonWords } from '../../../shared/followUpReasons';
import { localeOf } from '../../i18n';
import { toDayFirst } from '../../i18n/format';

const cache = new Map<string, Intl.DateTimeFormat>();

/** An instant with its time (due times, contacts), in the outlet's zone (WIB until outlets carry theirs to the UI). */
export function formatDateTime(iso: string | null | undefined, language: string, timeZone = 'Asia/Jakarta'): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const key = `${language}|${timeZone}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(localeOf(language), { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone })));
  return f.format(date);
}

/** A follow-up's reason in the reader's language: a rule's sentence from its words, a person's text as typed. */
export function followUpReason(t: TFunction, followUp: Pick<FollowUp, 'kind' | 'reason' | 'dueDate'>): string {
  const words = reasonWords(followUp.kind, followUp.reason, followUp.dueDate);
  if (!words) return followUp.reason;
  if (words.key === 'afterPurchase' && words.params.what) return t('care.reason.afterPurchaseWhat', { what: words.params.what });
  // Birthdays read day/month (the year is the greeting's, not the birth's); a last contact reads in full.
  const date = words.params.date;
  const shown = date ? (words.key === 'birthday' ? toDayFirst(date).slice(0, 5) : toDayFirst(date)) : undefined;
  return t(`care.reason.${words.key}`, { ...words.params, ...(shown && { date: shown }) });
}
