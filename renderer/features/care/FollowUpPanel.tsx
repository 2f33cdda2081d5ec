import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { followUpReason } from './careFormat';
import type { FollowUp } from '../../../shared/care';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf, fieldErrors, type Message } from '../../api/errors';
import { useAppStatus } from '../../app/AppStatusContext';
import { formatCalendarDate } from '../../i18n/format';
import { useSession } from '../../stores/session';
import { FollowUpItem } from './FollowUpItem';

/** The calendar date `days` from now in the outlet's zone (YYYY-MM-DD). */
export function dateInZone(timeZone: string, days = 0, now = new Date()): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(now.getTime() + days * 86_400_000),
  );
}

/**
 * The customer's open follow-ups (done or cancelled in place) and a form for a new one: why, when (tomorrow unless
 * changed) and for whom (me or the whole outlet). The core checks the date; its message is shown translated.
 */
export function FollowUpPanel({ customerId, version, onChanged }: { customerId: string; version: number; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const me = useSession((s) => s.session?.name ?? null);
  const { status } = useAppStatus();
  const timeZone = status?.outletTimeZone ?? 'Asia/Jakarta';
  const [items, setItems] = useState<FollowUp[]>([]);
  const [reload, setReload] = useState(0);
  const [formOpen, setFormOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [owner, setOwner] = useState<'me' | 'outlet'>('me');
  const [errors, setErrors] = useState<Record<string, Message>>({});
  const [error, setError] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const reasonInput = useRef<HTMLInputElement>(null);
  const newButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let alive = true;
    api['care.followUps.list']({ customerId, status: 'open' }).then(
      (list) => alive && setItems(list),
      (e) => errorShapeOf(e),
    );
    return () => {
      alive = false;
    };
  }, [api, customerId, version, reload]);

  // The form takes the focus when it opens and hands it back to "Tindak lanjut baru" when it closes.
  const returnFocus = useRef(false);
  useEffect(() => {
    if (formOpen) reasonInput.current?.focus();
    else if (returnFocus.current) newButton.current?.focus();
    returnFocus.current = false;
  }, [formOpen]);

  const openForm = () => {
    setReason('');
    setDueDate(dateInZone(timeZone, 1));
    setOwner(me ? 'me' : 'outlet');
    setErrors({});
    setError(null);
    setAnnouncement('');
    setFormOpen(true);
  };

  const closeForm = () => {
    returnFocus.current = true;
    setFormOpen(false);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      const created = await api['care.followUps.create']({ customerId, reason, dueDate, owner: owner === 'me' ? me : null });
      setAnnouncement(t('care.followUp.created', { date: formatCalendarDate(created.dueDate, i18n.language) }));
      closeForm();
      setReload((r) => r + 1);
      onChanged();
    } catch (e) {
      const shape = errorShapeOf(e);
      const byField = fieldErrors(shape);
      setErrors(byField);
      setError(Object.keys(byField).length ? null : { key: shape.messageKey, params: shape.params });
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (name: string) =>
    errors[name] && (
      <span className="field-error" id={`followup-${name}-error`}>
        {t(errors[name].key, errors[name].params)}
      </span>
    );

  const lang = i18n.language;
  return (
    <section className="panel care-followups" aria-labelledby="followups-h">
      <h2 id="followups-h">{t('care.followUp.title')}</h2>
      {items.length === 0 ? (
        <p className="muted small">{t('care.followUp.none')}</p>
      ) : (
        <ul className="plain" aria-labelledby="followups-h">
          {items.map((f) => (
            <FollowUpItem
              key={f.id}
              followUp={f}
              onClosed={(closed, how) => {
                setAnnouncement(
                  t(how === 'done' ? 'care.followUp.markedDone' : 'care.followUp.markedDropped', { name: closed.customerName ?? '—' }),
                );
                setReload((r) => r + 1);
                onChanged();
                newButton.current?.focus();
              }}
            >
              <span>
                {followUpReason(t, f)} · <span className="muted">{t('care.followUp.due', { date: formatCalendarDate(f.dueDate, lang) })}</span>
                {' · '}
                <span className="muted">{f.owner ?? t('care.followUp.forOutlet')}</span>
                {f.kind !== 'manual' && <span className="muted"> · {t(`care.followUp.kind.${f.kind}`)}</span>}
              </span>
            </FollowUpItem>
          ))}
        </ul>
      )}
      {!formOpen && (
        <button ref={newButton} type="button" className="button" onClick={openForm}>
          {t('care.followUp.new')}
        </button>
      )}
      {formOpen && (
        <form
          className="followup-form"
          aria-label={t('care.followUp.new')}
          onSubmit={(e) => void onSubmit(e)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              // The customer page's own Esc (back to search) must not fire while the form is open.
              e.stopPropagation();
              closeForm();
            }
          }}
        >
          <div className="wide">
            <label>
              <span>{t('care.followUp.reason')}</span>
              <input
                ref={reasonInput}
                type="text"
                value={reason}
                maxLength={500}
                placeholder={t('care.followUp.reasonPlaceholder')}
                onChange={(e) => setReason(e.target.value)}
                aria-invalid={!!errors.reason}
                aria-describedby={errors.reason ? 'followup-reason-error' : undefined}
              />
            </label>
            {fieldError('reason')}
          </div>
          <div>
            <label>
              <span>{t('care.followUp.dueDate')}</span>
              <input
                type="date"
                value={dueDate}
                onChange={(e) => setDueDate(e.target.value)}
                aria-invalid={!!errors.dueDate}
                aria-describedby={errors.dueDate ? 'followup-dueDate-error' : undefined}
              />
            </label>
            {fieldError('dueDate')}
          </div>
          <label>
            <span>{t('care.followUp.owner')}</span>
            <select value={owner} onChange={(e) => setOwner(e.target.value as 'me' | 'outlet')}>
              {me && <option value="me">{t('care.followUp.ownerMe', { name: me })}</option>}
              <option value="outlet">{t('care.followUp.ownerOutlet')}</option>
            </select>
          </label>
          <div className="form-actions wide">
            <button type="submit" className="button primary" disabled={busy}>
              {t('care.followUp.save')}
            </button>
            <button type="button" className="button" onClick={closeForm}>
              {t('care.followUp.cancel')} <kbd>Esc</kbd>
            </button>
          </div>
          {error && (
            <p role="alert" className="field-error wide">
              {t(error.key, error.params)}
            </p>
          )}
        </form>
      )}
      <p className="muted small" role="status">
        {announcement}
      </p>
    </section>
  );
}
