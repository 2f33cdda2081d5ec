import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { Purchase } from '../../../shared/types';
import { formatDate, formatRupiah } from '../../i18n/format';

const ROW_HEIGHT = 36;

/** Purchase history can run to thousands of rows for a loyal customer: only the visible rows are in the DOM. */
export function PurchaseList({ purchases }: { purchases: Purchase[] }) {
  const { t, i18n } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: purchases.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    initialRect: { width: 900, height: 280 },
  });
  if (purchases.length === 0) return <p className="muted">{t('customer.noPurchases')}</p>;
  return (
    <div className="purchases">
      <div className="purchase-row purchase-head" aria-hidden="true">
        <span>{t('customer.purchase.date')}</span>
        <span>{t('customer.purchase.invoice')}</span>
        <span>{t('customer.purchase.product')}</span>
        <span>{t('customer.purchase.outlet')}</span>
        <span className="num">{t('customer.purchase.amount')}</span>
      </div>
      <div ref={scroller} className="purchase-scroll" tabIndex={0} role="list" aria-label={t('customer.purchases')}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((row) => {
            const p = purchases[row.index]!;
            return (
              <div
                key={p.id}
                role="listitem"
                className="purchase-row"
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${row.start}px)` }}
              >
                <span>{formatDate(p.purchasedAt, i18n.language)}</span>
                <span>{p.invoiceNo ?? ''}</span>
                <span>{p.mainProduct ?? ''}</span>
                <span>{p.outletCode ?? ''}</span>
                <span className="num">{formatRupiah(p.amount)}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
