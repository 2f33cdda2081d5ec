import type { FollowUpKind } from './care';

/**
 * A rule follow-up's reason. The stored `reason` stays the Indonesian sentence the rule wrote (it syncs, and
 * older devices and the CLI read it as it is); screens show it in the reader's language from the key and
 * values this module reads back out of it. The builders here are the only writers of those sentences, so the
 * reading can never drift from the writing.
 */
export interface ReasonWords {
  /** i18n key under `care.reason.` */
  key: 'birthday' | 'afterPurchase' | 'neglected' | 'complaintCheck' | 'escalationResolution' | 'escalationResponse';
  /** Dates as `YYYY-MM-DD`, or the free text the rule quoted. */
  params: Record<string, string>;
}

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

export const ruleReason = {
  birthday: (dueDate: string) => `Ulang tahun ${dueDate.slice(8, 10)}/${dueDate.slice(5, 7)}: ucapkan selamat`,
  afterPurchase: (what: string) => `Telepon kepuasan setelah pembelian${what ? ` (${what})` : ''}`,
  neglected: (since: string) => `Pelanggan bernilai tinggi, tidak ada kontak sejak ${dmy(since)}`,
  complaintCheck: () => 'Pastikan pelanggan puas setelah keluhan diselesaikan',
  escalation: (which: 'resolution' | 'response') =>
    which === 'resolution' ? 'Keluhan melewati batas waktu penyelesaian' : 'Keluhan belum ditanggapi dalam batas waktu',
};

/** The words behind a rule's reason, or null for a reason a person typed (shown as typed). */
export function reasonWords(kind: FollowUpKind, reason: string, dueDate: string): ReasonWords | null {
  switch (kind) {
    case 'birthday':
      return reason === ruleReason.birthday(dueDate) ? { key: 'birthday', params: { date: dueDate } } : null;
    case 'after_purchase': {
      const what = /^Telepon kepuasan setelah pembelian(?: \((.*)\))?$/s.exec(reason);
      return what ? { key: 'afterPurchase', params: { what: what[1] ?? '' } } : null;
    }
    case 'neglected': {
      const since = /^Pelanggan bernilai tinggi, tidak ada kontak sejak (\d{2})\/(\d{2})\/(\d{4})$/.exec(reason);
      return since ? { key: 'neglected', params: { date: `${since[3]}-${since[2]}-${since[1]}` } } : null;
    }
    case 'complaint_check':
      return reason === ruleReason.complaintCheck() ? { key: 'complaintCheck', params: {} } : null;
    case 'escalation':
      if (reason === ruleReason.escalation('resolution')) return { key: 'escalationResolution', params: {} };
      return reason === ruleReason.escalation('response') ? { key: 'escalationResponse', params: {} } : null;
    default:
      return null;
  }
}
