import { useEffect, useState } from 'react';
import { campaignOutcomes, type CampaignContactItem, type CampaignOutcome } from '../../../shared/campaigns';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf } from '../../api/errors';
import { useCampaignStrings } from './strings';
import './campaigns.css';

/**
 * Campaign contacts on "my day": this outlet's targets still to be worked, with the filled-in message and its
 * WhatsApp link; logging an outcome takes the target off (except "no answer") and records the contact.
 */
export function CampaignContactsPanel() {
  const { t } = useCampaignStrings();
  const api = useApi();
  const [items, setItems] = useState<CampaignContactItem[] | null>(null);
  const [version, setVersion] = useState(0);
  const [announcement, setAnnouncement] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    api['campaigns.myDay']({}).then(
      (list) => alive && setItems(list),
      (e) => alive && setError(errorShapeOf(e).messageKey),
    );
    return () => {
      alive = false;
    };
  }, [api, version]);

  const log = (item: CampaignContactItem, outcome: CampaignOutcome) =>
    api['campaigns.contact']({ targetId: item.targetId, outcome }).then(
      () => (setAnnouncement(t('campaigns.logged', { name: item.fullName })), setError(null), setVersion((v) => v + 1)),
      (e) => setError(errorShapeOf(e).messageKey),
    );

  if (!items || (items.length === 0 && !announcement)) return null;
  return (
    <section className="campaign-contacts" aria-labelledby="campaign-contacts-heading">
      <h2 id="campaign-contacts-heading">{t('campaigns.myDay')}</h2>
      <p role="status" className="muted small">
        {announcement}
      </p>
      {error && (
        <p role="alert" className="error">
          {t(error)}
        </p>
      )}
      {items.length === 0 ? (
        <p className="muted">{t('campaigns.myDayEmpty')}</p>
      ) : (
        <ul aria-label={t('campaigns.myDay')}>
          {items.map((item) => (
            <li key={item.targetId}>
              <div>
                <b>{item.fullName}</b> · {item.campaignName}
                {item.lastOutcome ? ` · ${t(`campaigns.outcomes.${item.lastOutcome}`)}` : ''}
              </div>
              <div className="muted small">{item.message}</div>
              <div className="contact-actions">
                {item.whatsapp && (
                  <a href={item.whatsapp} target="_blank" rel="noreferrer">
                    {t('campaigns.openWhatsapp')}
                  </a>
                )}
                <label>
                  {t('campaigns.outcome')}{' '}
                  <select aria-label={`${t('campaigns.outcome')}: ${item.fullName}`} value="" onChange={(e) => e.target.value && void log(item, e.target.value as CampaignOutcome)}>
                    <option value="" />
                    {campaignOutcomes.map((o) => (
                      <option key={o} value={o}>
                        {t(`campaigns.outcomes.${o}`)}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
