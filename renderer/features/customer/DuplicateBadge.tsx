import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { maskPhone } from '../../../shared/phone';
import type { DuplicateCandidate } from '../../../shared/types';
import { useNavigation } from '../../stores/navigation';

/** A clear warning when other records may be this same person; it opens a list of them. */
export function DuplicateBadge({ duplicates }: { duplicates: DuplicateCandidate[] }) {
  const { t } = useTranslation();
  const go = useNavigation((s) => s.go);
  const [open, setOpen] = useState(false);
  if (duplicates.length === 0) return null;
  return (
    <div className="dup-badge-wrap">
      <button type="button" className="badge warn" aria-expanded={open} aria-controls="dup-list" onClick={() => setOpen(!open)}>
        ⚠ {t('customer.duplicates', { count: duplicates.length })}
      </button>
      {open && (
        <section id="dup-list" className="panel dup-list" aria-label={t('customer.duplicatesTitle')}>
          <ul className="plain">
            {duplicates.map((d) => (
              <li key={d.customerId}>
                <b>{d.fullName}</b> · {d.phones.map(maskPhone).join(', ')} · {d.cardNos.join(', ')} · {d.city ?? ''} ·{' '}
                {d.evidence.map((e) => t(`registration.dup.evidence.${e}`)).join(', ')}{' '}
                <button type="button" className="button small" onClick={() => go({ name: 'customer', customerId: d.customerId })}>
                  {t('customer.open')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
