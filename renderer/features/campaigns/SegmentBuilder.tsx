import { useEffect, useState } from 'react';
import { consentPurposes } from '../../../shared/privacy';
import { rfmSegments } from '../../../shared/reports';
import { contactChannels, familyRelations, type InterestTag } from '../../../shared/knowledge';
import type { SegmentConditionInput, SegmentCount, SegmentNodeInput, SegmentTierOption } from '../../../shared/segments';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf } from '../../api/errors';
import { useCampaignStrings } from './strings';
import { ExportBar } from './CampaignExportBar';

/** The fields the builder offers, each with its operators and the kind of value it takes. */
const editors = {
  city: { ops: ['is', 'contains'], value: 'text' },
  age: { ops: ['gte', 'lte', 'eq'], value: 'number' },
  gender: { ops: ['is'], value: 'gender' },
  birthMonth: { ops: ['this_month', 'in'], value: 'month' },
  homeOutlet: { ops: ['in'], value: 'text' },
  purchases: { ops: ['gte', 'lte', 'eq'], value: 'purchase' },
  lastContact: { ops: ['not_within', 'within'], value: 'number' },
  openComplaints: { ops: ['eq', 'gte'], value: 'number' },
  consent: { ops: ['granted', 'not_granted'], value: 'purpose' },
  rfmSegment: { ops: ['in'], value: 'rfm' },
  tier: { ops: ['in', 'not_in'], value: 'tier' },
  // Knowing each customer (issue 19): the product is among the customer's top three offers.
  wouldBeOffered: { ops: ['offered'], value: 'text' },
  interest: { ops: ['has', 'has_not'], value: 'tag' },
  occupation: { ops: ['contains', 'is'], value: 'text' },
  preferredChannel: { ops: ['is'], value: 'channel' },
  competitorProduct: { ops: ['owns'], value: 'text' },
  familyMember: { ops: ['has'], value: 'relation' },
} as const;
type Field = keyof typeof editors;

export interface ConditionRow {
  field: Field;
  op: string;
  value: string;
  product: string;
  days: string;
}

export const newRow = (field: Field = 'city'): ConditionRow => ({ field, op: editors[field].ops[0], value: field === 'purchases' ? '1' : '', product: '', days: '365' });

/** A row as the core's condition; null while it is still being filled in. */
function toCondition(r: ConditionRow): SegmentConditionInput | null {
  const n = Number(r.value);
  switch (r.field) {
    case 'city':
      return r.value.trim() ? { field: 'city', op: r.op as 'is', value: r.value.trim() } : null;
    case 'homeOutlet':
      return r.value.trim() ? { field: 'homeOutlet', op: 'in', value: r.value.split(/[,\s]+/).filter(Boolean) } : null;
    case 'age':
    case 'openComplaints':
      return r.value !== '' && Number.isInteger(n) ? { field: r.field, op: r.op as 'gte', value: n } : null;
    case 'lastContact':
      return r.value !== '' && Number.isInteger(n) ? { field: 'lastContact', op: r.op as 'within', value: n } : null;
    case 'gender':
      return r.value ? { field: 'gender', op: 'is', value: r.value as 'M' } : null;
    case 'birthMonth':
      return r.op === 'this_month' ? { field: 'birthMonth', op: 'this_month' } : n >= 1 && n <= 12 ? { field: 'birthMonth', op: 'in', value: [n] } : null;
    case 'purchases':
      if (r.value === '' || !Number.isInteger(n)) return null;
      return {
        field: 'purchases',
        op: r.op as 'gte',
        value: n,
        ...(r.product.trim() && { product: r.product.trim() }),
        ...(Number(r.days) > 0 && { period: { lastDays: Number(r.days) } }),
      };
    case 'consent':
      return r.value ? { field: 'consent', purpose: r.value as 'marketing_whatsapp', op: r.op as 'granted' } : null;
    case 'rfmSegment':
      return r.value ? { field: 'rfmSegment', op: 'in', value: [r.value as 'champions'] } : null;
    case 'tier':
      return r.value ? { field: 'tier', op: r.op as 'in', value: [r.value] } : null;
    // Knowing each customer (issue 19).
    case 'wouldBeOffered':
      return r.value.trim() ? { field: 'wouldBeOffered', op: 'offered', value: r.value.trim() } : null;
    case 'interest':
      return r.value ? { field: 'interest', op: r.op as 'has', value: [r.value] } : null;
    case 'occupation':
    case 'competitorProduct':
      return r.value.trim() ? ({ field: r.field, op: r.op, value: r.value.trim() } as SegmentConditionInput) : null;
    case 'preferredChannel':
      return r.value ? { field: 'preferredChannel', op: 'is', value: r.value as 'whatsapp' } : null;
    case 'familyMember':
      return r.value ? { field: 'familyMember', op: 'has', value: r.value as 'child' } : null;
  }
}

export function toTree(rows: ConditionRow[], mode: 'and' | 'or'): SegmentNodeInput | null {
  const conditions = rows.map(toCondition).filter((c): c is SegmentConditionInput => c !== null);
  if (conditions.length === 0) return null;
  return conditions.length === 1 ? conditions[0]! : mode === 'and' ? { and: conditions } : { or: conditions };
}

/** Condition rows combined with AND or OR; the count and the first customers update while the manager types. */
export function SegmentBuilder({ rows, mode, onRows, onMode }: { rows: ConditionRow[]; mode: 'and' | 'or'; onRows: (rows: ConditionRow[]) => void; onMode: (m: 'and' | 'or') => void }) {
  const { t, i18n } = useCampaignStrings();
  const api = useApi();
  const [result, setResult] = useState<SegmentCount | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [counting, setCounting] = useState(false);
  const [tiers, setTiers] = useState<SegmentTierOption[]>([]);
  const [tags, setTags] = useState<InterestTag[]>([]);
  const tree = toTree(rows, mode);
  const key = JSON.stringify(tree);

  useEffect(() => {
    if (!tree) return setResult(null);
    let alive = true;
    setCounting(true);
    // A short pause after the last keystroke, so typing "Bandung" counts once, not seven times.
    const timer = setTimeout(() => {
      api['segments.count']({ where: tree as never, preview: 8 }).then(
        (r) => alive && (setResult(r), setError(null), setCounting(false)),
        (e) => alive && (setError(errorShapeOf(e).messageKey), setCounting(false)),
      );
    }, 250);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [api, key]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    let alive = true;
    api['segments.tiers']({}).then(
      (list) => alive && setTiers(list),
      () => undefined,
    );
    api['knowledge.tags']({ includeRetired: false }).then(
      (list) => alive && setTags(list),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, [api]);

  /** The values a chosen-from-a-list condition offers, as [value, label]. */
  const choices: Partial<Record<string, [string, string][]>> = {
    gender: [
      ['F', t('gender.F')],
      ['M', t('gender.M')],
    ],
    purpose: consentPurposes.map((p) => [p, t(`campaigns.purposeName.${p}`)]),
    rfm: rfmSegments.map((s) => [s, s]),
    tier: tiers.map((tier) => [tier.code, tier.name]),
    tag: tags.map((tag) => [tag.label, tag.label]),
    channel: contactChannels.map((c) => [c, t(`knowledge.channel.${c}`)]),
    relation: familyRelations.map((rel) => [rel, t(`knowledge.relation.${rel}`)]),
  };
  const update = (i: number, patch: Partial<ConditionRow>) => onRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  return (
    <fieldset className="segment-builder">
      <legend>{t('campaigns.builder')}</legend>
      <label>
        {t('campaigns.match')}{' '}
        <select value={mode} onChange={(e) => onMode(e.target.value as 'and' | 'or')}>
          <option value="and">{t('campaigns.all')}</option>
          <option value="or">{t('campaigns.any')}</option>
        </select>
      </label>
      <ol className="conditions">
        {rows.map((r, i) => {
          const editor = editors[r.field];
          const listed = choices[editor.value];
          const n = i + 1;
          return (
            <li key={i} className="condition">
              <select aria-label={`${t('campaigns.field')} ${n}`} value={r.field} onChange={(e) => update(i, newRow(e.target.value as Field))}>
                {(Object.keys(editors) as Field[]).map((f) => (
                  <option key={f} value={f}>
                    {t(`campaigns.fields.${f}`)}
                  </option>
                ))}
              </select>
              <select aria-label={`${t('campaigns.op')} ${n}`} value={r.op} onChange={(e) => update(i, { op: e.target.value })}>
                {editor.ops.map((o) => (
                  <option key={o} value={o}>
                    {t(`campaigns.ops.${o}`)}
                  </option>
                ))}
              </select>
              {listed && (
                <select aria-label={`${t('campaigns.value')} ${n}`} value={r.value} onChange={(e) => update(i, { value: e.target.value })}>
                  <option value="" />
                  {listed.map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </select>
              )}
              {(editor.value === 'text' || editor.value === 'number' || editor.value === 'purchase' || (editor.value === 'month' && r.op === 'in')) && (
                <input
                  aria-label={`${t('campaigns.value')} ${n}`}
                  inputMode={editor.value === 'text' ? 'text' : 'numeric'}
                  value={r.value}
                  onChange={(e) => update(i, { value: e.target.value })}
                />
              )}
              {editor.value === 'purchase' && (
                <>
                  <input aria-label={`${t('campaigns.product')} ${n}`} placeholder={t('campaigns.product')} value={r.product} onChange={(e) => update(i, { product: e.target.value })} />
                  <input aria-label={`${t('campaigns.days')} ${n}`} inputMode="numeric" value={r.days} onChange={(e) => update(i, { days: e.target.value })} />
                </>
              )}
              <button type="button" className="link-button" aria-label={`${t('campaigns.remove')} ${n}`} onClick={() => onRows(rows.filter((_, j) => j !== i))}>
                ✕
              </button>
            </li>
          );
        })}
      </ol>
      <button type="button" onClick={() => onRows([...rows, newRow()])}>
        {t('campaigns.addCondition')}
      </button>
      <div className="segment-count" role="status" aria-live="polite">
        {error ? <span className="error">{t(error)}</span> : counting ? t('campaigns.counting') : result ? <b>{t('campaigns.count', { count: result.count })}</b> : null}
      </div>
      {tree && result && result.count > 0 && (
        <ExportBar
          label="campaigns.exportList"
          formats={['csv', 'xlsx'] as const}
          begin={(format) =>
            api['segments.export']({ where: tree as never, format, language: i18n.language === 'en' ? 'en' : 'id', csvDialect: i18n.language === 'en' ? 'intl' : 'id', unmask: false })
          }
        />
      )}
      {result && result.preview.length > 0 && (
        <table className="segment-preview" aria-label={t('campaigns.preview')}>
          <tbody>
            {result.preview.map((p) => (
              <tr key={p.customerId}>
                <td>{p.cardNo ?? '—'}</td>
                <td>{p.fullName}</td>
                <td>{p.city ?? '—'}</td>
                <td>{p.homeOutletCode ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </fieldset>
  );
}
