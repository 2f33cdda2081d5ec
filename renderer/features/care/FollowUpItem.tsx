import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { followUpReason } from './careFormat';
import type { FollowUp } from '../../../shared/care';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf, type Message } from '../../api/errors';

type Closing = 'done' | 'cancelled';

/**
 * One open follow-up with its two ways out: "Selesai" (with an optional note on how it went) or "Batalkan".
 * Either opens a one-line form in place (the note box has the focus, Enter saves, Esc goes back), so the staff
 * never leaves the screen they are on.
 */
export function FollowUpItem({
  followUp,
  children,
  onClosed,
}: {
  followUp: FollowUp;
  /** What the row shows (the parent decides: my day opens the customer, the customer page does not). */
  children: ReactNode;
  onClosed: (f: FollowUp, status: Closing) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [closing, setClosing] = useState<Closing | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Message | null>(null);
  const noteInput = useRef<HTMLInputElement>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  const doneButton = useRef<HTMLButtonElement>(null);
  const dropButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (closing) noteInput.current?.focus();
  }, [closing]);

  const start = (mode: Closing) => {
    opener.current = mode === 'done' ? doneButton.current : dropButton.current;
    setClosing(mode);
    setNote('');
    setError(null);
  };

  const back = () => {
    setClosing(null);
    setError(null);
    opener.current?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!closing || busy) return;
    setBusy(true);
    setError(null);
    try {
      const input = { followUpId: followUp.id, note: note.trim() || null };
      const closed = closing === 'done' ? await api['care.followUps.complete'](input) : await api['care.followUps.cancel'](input);
      setClosing(null);
      onClosed(closed, closing);
    } catch (e) {
      const shape = errorShapeOf(e);
      const issue = shape.issues?.[0] ?? shape;
      setError({ key: issue.messageKey, params: issue.params });
    } finally {
      setBusy(false);
    }
  };

  // The reason names the row (the customer's name is on the row's own button, which opens the customer).
  const label = { reason: followUpReason(t, followUp) };
  const formId = `followup-close-${followUp.id}`;
  return (
    <li className="followup-item">
      <div className="followup-row">
        <div className="followup-text">{children}</div>
        <div className="followup-actions">
          <button
            ref={doneButton}
            type="button"
            className="button small"
            aria-label={t('care.followUp.doneLabel', label)}
            aria-expanded={closing === 'done'}
            aria-controls={closing === 'done' ? formId : undefined}
            onClick={() => start('done')}
          >
            {t('care.followUp.done')}
          </button>
          <button
            ref={dropButton}
            type="button"
            className="button small subtle"
            aria-label={t('care.followUp.dropLabel', label)}
            aria-expanded={closing === 'cancelled'}
            aria-controls={closing === 'cancelled' ? formId : undefined}
            onClick={() => start('cancelled')}
          >
            {t('care.followUp.drop')}
          </button>
        </div>
      </div>
      {closing && (
        <form
          id={formId}
          className="followup-close"
          aria-label={t(closing === 'done' ? 'care.followUp.doneLabel' : 'care.followUp.dropLabel', label)}
          onSubmit={(e) => void submit(e)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              back();
            }
          }}
        >
          <label className="grow">
            <span>{t(closing === 'done' ? 'care.followUp.outcomeNote' : 'care.followUp.dropNote')}</span>
            <input
              ref={noteInput}
              type="text"
              value={note}
              maxLength={2000}
              onChange={(e) => setNote(e.target.value)}
              aria-invalid={!!error}
              aria-describedby={error ? `${formId}-error` : undefined}
            />
          </label>
          <button type="submit" className={`button small ${closing === 'done' ? 'primary' : 'danger'}`} disabled={busy}>
            {t(closing === 'done' ? 'care.followUp.confirmDone' : 'care.followUp.confirmDrop')} <kbd>Enter</kbd>
          </button>
          <button type="button" className="button small" onClick={back}>
            {t('care.followUp.back')} <kbd>Esc</kbd>
          </button>
          {error && (
            <p role="alert" className="field-error" id={`${formId}-error`}>
              {t(error.key, error.params)}
            </p>
          )}
        </form>
      )}
    </li>
  );
}
