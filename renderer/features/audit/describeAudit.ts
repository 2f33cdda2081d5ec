import type { TFunction } from 'i18next';
import type { AuditEntryView } from '../../../shared/auth';

type Details = Record<string, unknown>;

/** i18next reads dots as nesting, so an action's key spells them as underscores. */
export const actionKey = (action: string) => `audit.action_${action.replaceAll('.', '_')}`;

/** The action in words; an action this build does not know keeps its code rather than vanishing. */
export function describeAction(t: TFunction, exists: (key: string) => boolean, action: string): string {
  return exists(actionKey(action)) ? t(actionKey(action)) : action;
}

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
const count = (v: unknown) => (Array.isArray(v) ? v.length : typeof v === 'number' ? v : 0);

/** A customer field's label; fields the trail may hold but the screen has no word for keep their name. */
function fieldLabel(t: TFunction, exists: (key: string) => boolean, field: string) {
  const key = `audit.field_${field}`;
  return exists(key) ? t(key) : field;
}

/** A stored value in words: yes/no, an empty mark, or a list's length. */
function valueText(t: TFunction, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return t(value ? 'audit.yes' : 'audit.no');
  if (Array.isArray(value)) return t('audit.items', { count: value.length });
  if (typeof value === 'object') return '…';
  return String(value);
}

/** What the entry's details say, in the reader's language, for a manager (never the stored JSON). */
export function describeDetails(t: TFunction, exists: (key: string) => boolean, entry: AuditEntryView): string {
  const d = (entry.details && typeof entry.details === 'object' ? entry.details : {}) as Details;
  if (d.erased === true) return t('audit.d.erased');
  const staff = entry.subjectStaffName ?? str(d.name) ?? '';
  const role = (r: unknown) => (typeof r === 'string' ? t(`auth.role_${r}`) : '—');
  const reason = str(d.reason);
  const withReason = (text: string) => (reason ? `${text} · ${t('audit.d.reason', { reason })}` : text);
  switch (entry.action) {
    case 'sign_in': {
      const parts = [staff && entry.staffName !== staff ? t('audit.d.account', { name: staff }) : null];
      if (d.with === 'pin' || d.with === 'password') parts.push(t(`audit.d.with_${d.with}`));
      if (d.reason === 'locked') parts.push(t('audit.d.accountLocked'));
      return parts.filter(Boolean).join(' · ');
    }
    case 'sign_out':
    case 'lock':
      return reason && exists(`audit.d.end_${reason}`) ? t(`audit.d.end_${reason}`) : '';
    case 'access.denied': {
      // The call's feature, in words: what the person tried to open (the call name itself means nothing to a manager).
      const area = entry.call ? `audit.area_${entry.call.split('.')[0]}` : null;
      const why = reason && exists(reason) ? t(reason) : '';
      return area && exists(area) ? `${t('audit.d.tried', { area: t(area) })}${why ? ` · ${why}` : ''}` : why;
    }
    case 'customer.edit': {
      if (d.addedCard) return t('audit.d.addedCard', { card: str(d.addedCard) });
      const before = (d.before ?? {}) as Details;
      const after = (d.after ?? {}) as Details;
      return Object.keys(after)
        .map((field) => {
          const label = fieldLabel(t, exists, field);
          const plain = (v: unknown) => v === null || typeof v !== 'object';
          return plain(before[field]) && plain(after[field])
            ? `${label}: ${valueText(t, before[field])} → ${valueText(t, after[field])}`
            : label;
        })
        .join(' · ');
    }
    case 'consent': {
      const purpose = str(d.purpose);
      const source = str(d.source);
      return [
        purpose ? t(`privacy.purpose_${purpose}`) : null,
        t(d.granted ? 'audit.d.granted' : 'audit.d.withdrawn'),
        source && exists(`audit.d.source_${source}`) ? t(`audit.d.source_${source}`) : null,
      ]
        .filter(Boolean)
        .join(' · ');
    }
    case 'export': {
      if (d.kind === 'marketing')
        return t('audit.d.marketingList', { purpose: t(`privacy.purpose_${str(d.purpose)}`), count: count(d.rows) });
      const report = str(d.report) ?? '';
      const name = exists(`reports.names.${report}`) ? t(`reports.names.${report}`) : report;
      return [t('audit.d.report', { name, format: (str(d.format) ?? '').toUpperCase() }), d.unmask ? t('audit.d.unmasked') : null]
        .filter(Boolean)
        .join(' · ');
    }
    case 'merge':
      return withReason(d.bulk ? t('audit.d.bulkMerged', { count: count(d.merged) }) : t('audit.d.merged', { count: count(d.mergedIds) }));
    case 'unmerge':
      return t('audit.d.unmerged', { count: count(d.mergedIds) });
    case 'dedup.reject':
      return reason ? t('audit.d.reason', { reason }) : '';
    case 'privacy.access_export':
      return str(d.file) ? t('audit.d.file', { file: str(d.file) }) : '';
    case 'privacy.erase':
      return withReason(t('audit.d.erasure', { count: count(d.records), purchases: count(d.purchasesKept) }));
    case 'privacy.erase.verified':
      return t('audit.d.verifiedByServer');
    case 'staff.create':
      return [staff, role(d.role), str(d.outlet)].filter(Boolean).join(' · ');
    case 'staff.role':
      return `${staff}: ${role(d.before)} → ${role(d.after)}${d.passwordSet ? ` · ${t('audit.d.passwordSet')}` : ''}`;
    case 'staff.deactivate':
    case 'staff.reactivate':
      return staff;
    case 'staff.reset_pin':
      return [
        staff,
        t(Array.isArray(d.reset) && d.reset.includes('password') ? 'audit.d.resetPinPassword' : 'audit.d.resetPin'),
        d.unlocked ? t('audit.d.unlocked') : null,
      ]
        .filter(Boolean)
        .join(' · ');
    case 'staff.secret':
      return [t(d.what === 'password' ? 'audit.d.what_password' : 'audit.d.what_pin'), d.reason === 'locked' || d.locked ? t('audit.d.accountLocked') : null]
        .filter(Boolean)
        .join(' · ');
    case 'settings.edit':
      return d.setting === 'auto_lock_minutes' ? t('audit.d.autoLock', { count: count(d.minutes) }) : t('audit.d.holidays');
    case 'sync.refused': {
      const key = `audit.d.refused_${reason}`;
      return exists(key) ? t(key) : t('audit.d.refused');
    }
    default:
      return '';
  }
}
