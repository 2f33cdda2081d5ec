import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Offer, Opportunity } from '../../../shared/knowledge';
import { useApi } from '../../api/ApiContext';
import { DayFirstDateField } from '../../app/DayFirstDateField';
import { formatNumber } from '../../i18n/format';
import { useMayCall } from '../../stores/session';
import { OpportunitySummary } from './OpportunityCard';
import { OpportunityForm } from './OpportunityForm';
import { StageControls, type Closing } from './StageControls';
import { NoticeLine, useNotice } from './useNotice';

const percent = (value: number, lang: string) =>
  new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'id-ID', { style: 'percent', maximumFractionDigits: 0 }).format(value);

/**
 * The customer's next best offers (with why) and potential sales (issue 19 points 2 and 4): an offer starts a
 * potential sale or a follow-up; each open one moves through its stages here as on the board.
 */
export function CustomerSales({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const mayCreate = useMayCall('opportunities.create');
  const [offers, setOffers] = useState<Offer[] | null>(null);
  const [opportunities, setOpportunities] = useState<Opportunity[]>([]);
  const [form, setForm] = useState<{ product?: string } | null>(null);
  const [followUp, setFollowUp] = useState<{ product: string; date: string } | null>(null);
  const [closing, setClosing] = useState<Record<string, Closing>>({});
  const { notice, fail, ok } = useNotice();
  const lang = i18n.language;

  const reload = useCallback(async () => {
    try {
      const [o, list] = await Promise.all([
        api['offers.forCustomer']({ customerId }),
        api['opportunities.list']({ customerId, open: false, limit: 50 }),
      ]);
      setOffers(o);
      setOpportunities(list);
    } catch (error) {
      fail(error);
    }
  }, [api, customerId, fail]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const planFollowUp = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!followUp) return;
    try {
      await api['offers.followUp']({ customerId, product: followUp.product, dueDate: followUp.date });
      ok(t('offers.planned', { product: followUp.product }));
      setFollowUp(null);
    } catch (error) {
      fail(error);
    }
  };

  if (!offers) return <NoticeLine notice={notice} />;
  return (
    <div className="customer-sales">
      <section className="panel" aria-labelledby="offers-h" data-testid="offers-panel">
        <h2 id="offers-h">{t('offers.title')}</h2>
        {offers.length === 0 && <p className="muted small">{t('offers.none')}</p>}
        <ol className="offers">
          {offers.map((o) => (
            <li key={o.product}>
              <b>{o.product}</b>
              <p className="muted small">
                {o.kind === 'rule'
                  ? t('offers.because', {
                      because: o.because,
                      confidence: percent(o.confidence, lang),
                      lift: formatNumber(Math.round(o.lift * 10) / 10, lang),
                      count: o.pairCustomers,
                    })
                  : t('offers.popular', { confidence: percent(o.confidence, lang) })}
              </p>
              {mayCreate && (
                <div className="stage-buttons">
                  <button type="button" className="button small" onClick={() => setForm({ product: o.product })}>
                    {t('offers.startOpportunity')}
                  </button>
                  <button type="button" className="button small" onClick={() => setFollowUp({ product: o.product, date: '' })}>
                    {t('offers.followUp')}
                  </button>
                </div>
              )}
              {followUp?.product === o.product && (
                <form className="inline-form" onSubmit={planFollowUp}>
                  <label>
                    {t('offers.followUpDate')}{' '}
                    <DayFirstDateField name="offerFollowUp" value={followUp.date} onChange={(date) => setFollowUp({ ...followUp, date })} />
                  </label>
                  <button type="submit" className="button small">
                    {t('knowledge.save')}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ol>
      </section>

      <section className="panel" aria-labelledby="opps-h" data-testid="opportunities-panel">
        <div className="panel-head">
          <h2 id="opps-h">{t('opportunity.title')}</h2>
          {mayCreate && !form && (
            <button type="button" className="button small" onClick={() => setForm({})} data-testid="add-opportunity">
              {t('opportunity.add')}
            </button>
          )}
        </div>
        <NoticeLine notice={notice} testId="sales-notice" />
        {form && (
          <OpportunityForm
            key={form.product ?? ''}
            customerId={customerId}
            product={form.product}
            onCancel={() => setForm(null)}
            onCreated={(o) => {
              setForm(null);
              ok(t('opportunity.created', { product: o.product }));
              void reload();
            }}
          />
        )}
        {opportunities.length === 0 && !form && <p className="muted small">{t('opportunity.none')}</p>}
        <ul className="plain knowledge-list opportunities">
          {opportunities.map((o) => (
            <li key={o.id} data-testid="customer-opportunity">
              <OpportunitySummary opportunity={o} />
              <StageControls
                opportunity={o}
                closing={closing[o.id] ?? null}
                setClosing={(c) => setClosing((all) => ({ ...all, [o.id]: c }))}
                onChanged={(changed) => {
                  ok(t('opportunity.moved', { product: changed.product, stage: t(`opportunity.stage.${changed.stage}`) }));
                  void reload();
                }}
              />
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
