import { useState } from 'react';
import type { PurchaseSummary } from '../../../shared/types';
import { useTranslation } from 'react-i18next';
import { ContactPanel } from './ContactPanel';
import { Timeline } from './Timeline';
import { ComplaintForm } from './ComplaintForm';
import { ComplaintDetailPanel } from './ComplaintDetailPanel';
import { FollowUpPanel } from './FollowUpPanel';
import './care.css';

/** The care part of the customer page: contact, complaints, follow-ups and the one timeline, refreshed together. */
export function CustomerCare({ customerId, purchaseSummary }: { customerId: string; purchaseSummary?: PurchaseSummary }) {
  const { t } = useTranslation();
  const [version, setVersion] = useState(0);
  const [formOpen, setFormOpen] = useState(false);
  const [complaintId, setComplaintId] = useState<string | null>(null);
  const refresh = () => setVersion((v) => v + 1);

  return (
    <div className="care">
      <div className="care-grid">
        <ContactPanel customerId={customerId} version={version} onLogged={refresh} />
        <div className="care-side">
          <section className="panel" aria-labelledby="complaints-h">
            <h2 id="complaints-h">{t('care.complaint.title')}</h2>
            <p className="muted small">{t('care.complaint.hint')}</p>
            <button type="button" className="button" onClick={() => setFormOpen(true)} disabled={formOpen}>
              {t('care.complaint.new')}
            </button>
          </section>
          <FollowUpPanel customerId={customerId} version={version} onChanged={refresh} />
        </div>
      </div>
      {formOpen && (
        <ComplaintForm
          customerId={customerId}
          onCancel={() => setFormOpen(false)}
          onOpened={(c) => {
            setFormOpen(false);
            setComplaintId(c.id);
            refresh();
          }}
        />
      )}
      {complaintId && <ComplaintDetailPanel key={complaintId} complaintId={complaintId} onChanged={refresh} onClose={() => setComplaintId(null)} />}
      <Timeline customerId={customerId} version={version} onOpenComplaint={setComplaintId} purchaseSummary={purchaseSummary} />
    </div>
  );
}
