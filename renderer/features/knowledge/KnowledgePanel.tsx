import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  contactChannels,
  contactTimes,
  familyRelations,
  profileFactKeys,
  type CustomerKnowledge,
  type FamilyRelation,
  type InterestTag,
  type ProfileFactKey,
} from '../../../shared/knowledge';
import { useApi } from '../../api/ApiContext';
import { DayFirstDateField } from '../../app/DayFirstDateField';
import { formatCalendarDate } from '../../i18n/format';
import { useCan, useMayCall } from '../../stores/session';
import { useNavigation } from '../../stores/navigation';
import { daysUntilBirthday } from '../customer/birthday';
import { NoticeLine, useNotice } from './useNotice';
import './knowledge.css';

const todayIso = () => new Date().toLocaleDateString('sv-SE');

/**
 * What the staff know of the customer beyond the card (issue 19 point 1): occupation, contact preferences, likes
 * and dislikes, curated interests, family with their birthdays, competitor products owned. One "Edit" opens it all.
 */
export function KnowledgePanel({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const mayEdit = useMayCall('knowledge.setFacts');
  const [knowledge, setKnowledge] = useState<CustomerKnowledge | null>(null);
  const [tags, setTags] = useState<InterestTag[]>([]);
  const [editing, setEditing] = useState(false);
  const { notice, fail, ok, clear } = useNotice();

  const reload = useCallback(async () => {
    try {
      setKnowledge(await api['knowledge.get']({ customerId }));
    } catch (error) {
      fail(error);
    }
  }, [api, customerId, fail]);

  useEffect(() => {
    void reload();
  }, [reload]);

  useEffect(() => {
    if (!editing) return;
    api['knowledge.tags']({ includeRetired: false }).then(setTags, fail);
  }, [api, editing, fail]);

  const run = async (action: () => Promise<unknown>, done?: string) => {
    clear();
    try {
      await action();
      await reload();
      if (done) ok(done);
      return true;
    } catch (error) {
      fail(error);
      return false;
    }
  };

  if (!knowledge) return <NoticeLine notice={notice} />;
  return (
    <section className="panel knowledge" aria-labelledby="knowledge-h" data-testid="knowledge-panel">
      <div className="panel-head">
        <h2 id="knowledge-h">{t('knowledge.title')}</h2>
        {mayEdit && (
          <button type="button" className="button small" aria-pressed={editing} onClick={() => setEditing((e) => !e)} data-testid="knowledge-edit">
            {editing ? t('knowledge.editDone') : t('knowledge.edit')}
          </button>
        )}
      </div>
      <NoticeLine notice={notice} testId="knowledge-notice" />
      <div className="knowledge-grid">
        <div>
          {editing ? (
            <FactsForm knowledge={knowledge} onSave={(facts) => run(() => api['knowledge.setFacts']({ customerId, facts }), t('knowledge.saved'))} />
          ) : (
            <FactsView knowledge={knowledge} />
          )}
          <Interests
            knowledge={knowledge}
            tags={tags}
            editing={editing}
            onToggle={(tagId, on) => run(() => api['knowledge.setInterest']({ customerId, tagId, on }))}
            onCurate={(label) => run(async () => setTags([...tags, await api['knowledge.curateTag']({ label, active: true })]))}
          />
        </div>
        <div>
          <Family
            customerId={customerId}
            knowledge={knowledge}
            editing={editing}
            run={run}
          />
          <Competitor customerId={customerId} knowledge={knowledge} editing={editing} run={run} />
        </div>
      </div>
    </section>
  );
}

type Run = (action: () => Promise<unknown>, done?: string) => Promise<boolean>;

function factText(t: (key: string) => string, key: ProfileFactKey, value: string | undefined): string {
  if (!value) return t('knowledge.none');
  if (key === 'preferred_channel') return t(`knowledge.channel.${value}`);
  if (key === 'preferred_time') return t(`knowledge.time.${value}`);
  return value;
}

function FactsView({ knowledge }: { knowledge: CustomerKnowledge }) {
  const { t } = useTranslation();
  return (
    <dl className="fields" data-testid="knowledge-facts">
      {profileFactKeys.map((key) => (
        <div className="field-row" key={key}>
          <dt>{t(`knowledge.fact.${key}`)}</dt>
          <dd className="field-value">{factText(t, key, knowledge.facts[key])}</dd>
        </div>
      ))}
    </dl>
  );
}

function FactsForm({ knowledge, onSave }: { knowledge: CustomerKnowledge; onSave: (facts: Record<string, string>) => Promise<boolean> }) {
  const { t } = useTranslation();
  const [facts, setFacts] = useState<Record<string, string>>(() =>
    Object.fromEntries(profileFactKeys.map((k) => [k, knowledge.facts[k] ?? ''])),
  );
  const set = (key: ProfileFactKey) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) =>
    setFacts((f) => ({ ...f, [key]: e.target.value }));
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    // Only what changed is written: another outlet's edit of another fact is kept.
    const changed = Object.fromEntries(profileFactKeys.filter((k) => (knowledge.facts[k] ?? '') !== facts[k]).map((k) => [k, facts[k]!]));
    void onSave(changed);
  };
  return (
    <form className="knowledge-form" onSubmit={submit} data-testid="facts-form">
      <label className="form-field">
        {t('knowledge.fact.occupation')}
        <input value={facts.occupation} onChange={set('occupation')} maxLength={120} autoFocus />
      </label>
      <label className="form-field">
        {t('knowledge.fact.preferred_channel')}
        <select value={facts.preferred_channel} onChange={set('preferred_channel')}>
          <option value="">{t('knowledge.none')}</option>
          {contactChannels.map((c) => (
            <option key={c} value={c}>
              {t(`knowledge.channel.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="form-field">
        {t('knowledge.fact.preferred_time')}
        <select value={facts.preferred_time} onChange={set('preferred_time')}>
          <option value="">{t('knowledge.none')}</option>
          {contactTimes.map((c) => (
            <option key={c} value={c}>
              {t(`knowledge.time.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="form-field">
        {t('knowledge.fact.likes')}
        <input value={facts.likes} onChange={set('likes')} maxLength={500} />
      </label>
      <label className="form-field">
        {t('knowledge.fact.dislikes')}
        <input value={facts.dislikes} onChange={set('dislikes')} maxLength={500} />
      </label>
      <button type="submit" className="button small">
        {t('knowledge.save')}
      </button>
    </form>
  );
}

function Interests({
  knowledge,
  tags,
  editing,
  onToggle,
  onCurate,
}: {
  knowledge: CustomerKnowledge;
  tags: InterestTag[];
  editing: boolean;
  onToggle: (tagId: string, on: boolean) => Promise<boolean>;
  onCurate: (label: string) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const isManager = useCan('manager');
  const [label, setLabel] = useState('');
  const held = new Set(knowledge.interests.map((i) => i.id));
  return (
    <div className="knowledge-block">
      <h3>{t('knowledge.interests')}</h3>
      {editing ? (
        <div className="tag-list" role="group" aria-label={t('knowledge.interests')}>
          {tags.map((tag) => (
            <button
              key={tag.id}
              type="button"
              className="tag-toggle"
              aria-pressed={held.has(tag.id)}
              onClick={() => void onToggle(tag.id, !held.has(tag.id))}
            >
              {tag.label}
            </button>
          ))}
        </div>
      ) : knowledge.interests.length ? (
        <ul className="tag-list plain" data-testid="interests">
          {knowledge.interests.map((i) => (
            <li key={i.id} className="tag">
              {i.label}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">{t('knowledge.noInterests')}</p>
      )}
      {editing && isManager && (
        <form
          className="inline-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (await onCurate(label)) setLabel('');
          }}
        >
          <label>
            {t('knowledge.newTag')} <input value={label} onChange={(e) => setLabel(e.target.value)} maxLength={60} />
          </label>
          <button type="submit" className="button small">
            {t('knowledge.addTag')}
          </button>
        </form>
      )}
    </div>
  );
}

function Family({ customerId, knowledge, editing, run }: { customerId: string; knowledge: CustomerKnowledge; editing: boolean; run: Run }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const go = useNavigation((s) => s.go);
  const [name, setName] = useState('');
  const [relation, setRelation] = useState<FamilyRelation>('spouse');
  const [birthDate, setBirthDate] = useState('');
  const first = useRef<HTMLInputElement>(null);
  const lang = i18n.language;
  const today = todayIso();
  const add = async (event: React.FormEvent) => {
    event.preventDefault();
    const done = await run(() => api['knowledge.addFamily']({ customerId, name, relation, birthDate: birthDate || null }));
    if (done) {
      setName('');
      setBirthDate('');
      first.current?.focus();
    }
  };
  return (
    <div className="knowledge-block">
      <h3>{t('knowledge.family')}</h3>
      {knowledge.family.length === 0 && <p className="muted small">{t('knowledge.noFamily')}</p>}
      <ul className="plain knowledge-list" data-testid="family">
        {knowledge.family.map((f) => {
          const days = daysUntilBirthday(f.birthDate, today);
          return (
            <li key={f.id}>
              <b>{f.name}</b> · {t(`knowledge.relation.${f.relation}`)}
              {f.birthDate ? ` · ${formatCalendarDate(f.birthDate, lang)}` : ''}
              {days !== null && days <= 30 && (
                <span className="badge birthday small">
                  {days === 0 ? t('knowledge.birthdayToday') : t('knowledge.birthdayIn', { count: days })}
                </span>
              )}
              {f.memberCustomerId && (
                <button type="button" className="link-button" onClick={() => go({ name: 'customer', customerId: f.memberCustomerId! })}>
                  {t('knowledge.memberLinked')}
                </button>
              )}
              {editing && (
                <button
                  type="button"
                  className="link-button"
                  aria-label={`${t('knowledge.remove')} ${f.name}`}
                  onClick={() => void run(() => api['knowledge.removeFamily']({ familyMemberId: f.id }))}
                >
                  {t('knowledge.remove')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {knowledge.householdSuggestions.length > 0 && (
        <div className="household" data-testid="household">
          <span className="muted small">{t('knowledge.household')}</span>
          {knowledge.householdSuggestions.map((h) => (
            <button
              key={h.customerId}
              type="button"
              className="button small"
              onClick={() =>
                void run(() =>
                  api['knowledge.addFamily']({ customerId, name: h.fullName, relation: 'other', memberCustomerId: h.customerId }),
                )
              }
            >
              {t('knowledge.linkHousehold', { name: h.fullName })}
            </button>
          ))}
        </div>
      )}
      {editing && (
        <form className="inline-form" onSubmit={add} aria-label={t('knowledge.addMember')} data-testid="family-form">
          <label>
            {t('knowledge.memberName')} <input ref={first} value={name} onChange={(e) => setName(e.target.value)} maxLength={120} />
          </label>
          <label>
            {t('knowledge.memberRelation')}{' '}
            <select value={relation} onChange={(e) => setRelation(e.target.value as FamilyRelation)}>
              {familyRelations.map((r) => (
                <option key={r} value={r}>
                  {t(`knowledge.relation.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('knowledge.memberBirth')} <DayFirstDateField name="memberBirth" value={birthDate} onChange={setBirthDate} />
          </label>
          <button type="submit" className="button small">
            {t('knowledge.addMember')}
          </button>
        </form>
      )}
    </div>
  );
}

function Competitor({ customerId, knowledge, editing, run }: { customerId: string; knowledge: CustomerKnowledge; editing: boolean; run: Run }) {
  const { t } = useTranslation();
  const api = useApi();
  const [brand, setBrand] = useState('');
  const [product, setProduct] = useState('');
  const [since, setSince] = useState('');
  const first = useRef<HTMLInputElement>(null);
  const add = async (event: React.FormEvent) => {
    event.preventDefault();
    if (await run(() => api['knowledge.addCompetitorProduct']({ customerId, brand, product, since: since.trim() || null }))) {
      setBrand('');
      setProduct('');
      setSince('');
      // Ready for the next one.
      first.current?.focus();
    }
  };
  return (
    <div className="knowledge-block">
      <h3>{t('knowledge.competitor')}</h3>
      {knowledge.competitorProducts.length === 0 && <p className="muted small">{t('knowledge.noCompetitor')}</p>}
      <ul className="plain knowledge-list" data-testid="competitor">
        {knowledge.competitorProducts.map((c) => (
          <li key={c.id}>
            <b>{c.brand}</b> {c.product}
            {c.since ? ` · ${t('knowledge.sinceShort', { since: c.since })}` : ''}
            {editing && (
              <button
                type="button"
                className="link-button"
                aria-label={`${t('knowledge.remove')} ${c.brand} ${c.product}`}
                onClick={() => void run(() => api['knowledge.removeCompetitorProduct']({ competitorProductId: c.id }))}
              >
                {t('knowledge.remove')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {editing && (
        <form className="inline-form" onSubmit={add} aria-label={t('knowledge.addCompetitor')}>
          <label>
            {t('knowledge.brand')} <input ref={first} value={brand} onChange={(e) => setBrand(e.target.value)} maxLength={80} />
          </label>
          <label>
            {t('knowledge.product')} <input value={product} onChange={(e) => setProduct(e.target.value)} maxLength={120} />
          </label>
          <label>
            {t('knowledge.since')} <input value={since} onChange={(e) => setSince(e.target.value)} maxLength={7} size={8} />
          </label>
          <button type="submit" className="button small">
            {t('knowledge.addCompetitor')}
          </button>
        </form>
      )}
    </div>
  );
}
