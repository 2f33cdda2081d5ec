import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { interactionChannels, interactionOutcomes, type CareSummary, type ContactLinks, type InteractionChannel, type InteractionOutcome } from '../../../shared/care';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf, type Message } from '../../api/errors';
import { formatDateTime } from './careFormat';

/** A contact begun outside the app (WhatsApp, a phone call) that is logged only once the staff says it happened. */
type Pending = { channel: 'whatsapp' | 'phone' };

/** "Hubungi": the last contact at a glance, a contact logged in a few keystrokes, WhatsApp and call links. */
export function ContactPanel({ customerId, version, onLogged }: { customerId: string; version: number; onLogged: () => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [summary, setSummary] = useState<CareSummary | null>(null);
  const [links, setLinks] = useState<ContactLinks | null>(null);
  const [channel, setChannel] = useState<InteractionChannel>('phone');
  const [outcome, setOutcome] = useState<InteractionOutcome | ''>('reached');
  const [note, setNote] = useState('');
  const [error, setError] = useState<Message | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const channelSelect = useRef<HTMLSelectElement>(null);

  // F4 on the customer page: straight to the contact form (channel, ↑↓, Tab, outcome, Tab, note, Enter).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'F4') {
        event.preventDefault();
        channelSelect.current?.focus();
        // The whole form in view, not just its first field (it sits low on a 768-pixel screen).
        channelSelect.current?.closest('section')?.scrollIntoView?.({ block: 'nearest' });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    let alive = true;
    api['care.summary']({ customerId }).then(
      (s) => alive && setSummary(s),
      (e) => errorShapeOf(e),
    );
    return () => {
      alive = false;
    };
  }, [api, customerId, version]);

  useEffect(() => {
    let alive = true;
    api['care.contactLinks']({ customerId, template: 'greeting' }).then(
      (l) => alive && setLinks(l),
      (e) => errorShapeOf(e),
    );
    return () => {
      alive = false;
    };
  }, [api, customerId]);

  const log = async (input: { channel: InteractionChannel; outcome: InteractionOutcome | null; note: string | null }) => {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await api['care.logInteraction']({ customerId, ...input });
      setSaved(true);
      onLogged();
      return true;
    } catch (e) {
      const shape = errorShapeOf(e);
      const issue = shape.issues?.[0] ?? shape;
      setError({ key: issue.messageKey, params: issue.params });
      return false;
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (await log({ channel, outcome: outcome || null, note: note.trim() || null })) setNote('');
  };

  const openExternal = async (kind: Pending['channel']) => {
    // Fresh links: the template or the number may have changed since the page opened.
    let current = links;
    try {
      current = await api['care.contactLinks']({ customerId, template: 'greeting' });
      setLinks(current);
    } catch (e) {
      errorShapeOf(e);
    }
    const url = kind === 'whatsapp' ? current?.whatsapp : current?.tel;
    if (!url) return;
    // Electron hands wa.me and tel: to the operating system; a browser opens a new tab.
    window.open(url, '_blank', 'noopener,noreferrer');
    setSaved(false);
    setPending({ channel: kind });
  };

  const confirmPending = async (result: InteractionOutcome) => {
    if (!pending) return;
    if (await log({ channel: pending.channel, outcome: result, note: pending.channel === 'whatsapp' ? (links?.text ?? null) : null })) setPending(null);
  };

  const lang = i18n.language;
  return (
    <section className="panel care-contact" aria-labelledby="contact-h">
      <h2 id="contact-h">
        {t('care.contact.title')} <kbd>F4</kbd>
      </h2>
      <dl className="care-summary">
        <div>
          <dt>{t('care.summary.lastContact')}</dt>
          <dd data-testid="last-contact">{formatDateTime(summary?.lastContact, lang) || '—'}</dd>
        </div>
        <div>
          <dt>{t('care.summary.lastVisit')}</dt>
          <dd>{formatDateTime(summary?.lastVisit, lang) || '—'}</dd>
        </div>
        <div>
          <dt>{t('care.summary.openComplaints')}</dt>
          <dd>
            <span className={summary?.openComplaints ? 'pill pill-warn' : ''} data-testid="open-complaints">
              {summary?.openComplaints ?? 0}
            </span>
          </dd>
        </div>
      </dl>

      <div className="care-actions">
        <button type="button" className="button" disabled={!links?.whatsapp || busy} onClick={() => void openExternal('whatsapp')}>
          {t('care.contact.whatsapp')}
        </button>
        <button type="button" className="button" disabled={!links?.tel || busy} onClick={() => void openExternal('phone')}>
          {t('care.contact.call')}
        </button>
      </div>
      {pending && (
        <div className="care-confirm" role="group" aria-label={t(pending.channel === 'whatsapp' ? 'care.contact.sentQuestion' : 'care.contact.calledQuestion')}>
          <p>
            <b>{t(pending.channel === 'whatsapp' ? 'care.contact.sentQuestion' : 'care.contact.calledQuestion')}</b>
          </p>
          {pending.channel === 'whatsapp' ? (
            <button type="button" className="button primary small" disabled={busy} onClick={() => void confirmPending('reached')}>
              {t('care.contact.yesSent')}
            </button>
          ) : (
            <>
              <button type="button" className="button primary small" disabled={busy} onClick={() => void confirmPending('reached')}>
                {t('care.outcome.reached')}
              </button>
              <button type="button" className="button small" disabled={busy} onClick={() => void confirmPending('no_answer')}>
                {t('care.outcome.no_answer')}
              </button>
            </>
          )}
          <button type="button" className="button small" onClick={() => setPending(null)}>
            {t('care.contact.notSent')}
          </button>
        </div>
      )}

      <form className="care-log" onSubmit={(e) => void onSubmit(e)} aria-label={t('care.contact.logTitle')}>
        <label>
          <span>{t('care.contact.channel')}</span>
          <select ref={channelSelect} value={channel} onChange={(e) => setChannel(e.target.value as InteractionChannel)}>
            {interactionChannels.map((c) => (
              <option key={c} value={c}>
                {t(`care.channel.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('care.contact.outcome')}</span>
          <select value={outcome} onChange={(e) => setOutcome(e.target.value as InteractionOutcome | '')}>
            <option value="">—</option>
            {interactionOutcomes.map((o) => (
              <option key={o} value={o}>
                {t(`care.outcome.${o}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="grow">
          <span>{t('care.contact.note')}</span>
          <input type="text" value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} placeholder={t('care.contact.notePlaceholder')} />
        </label>
        <button type="submit" className="button primary" disabled={busy}>
          {t('care.contact.save')} <kbd>Enter</kbd>
        </button>
      </form>
      {error && (
        <p role="alert" className="field-error">
          {t(error.key, error.params)}
        </p>
      )}
      <p className="muted small" role="status">
        {saved ? t('care.contact.saved') : ''}
      </p>
    </section>
  );
}
