import { afterEach, describe, expect, it } from 'vitest';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { runReport, reportBuilders, type ReportBuilder } from '../../electron/core/reports/registry';
import { closeStore, openStore } from '../../electron/core/store/store';
import { aCustomer } from '../support/builders';
import { tempStore } from '../support/tempStore';

const original = reportBuilders.cleanup;
afterEach(() => {
  reportBuilders.cleanup = original;
});

describe('a report reads one snapshot', () => {
  it('does not see a write another connection commits while it is being built', () => {
    const store = tempStore();
    registerCustomer(store, aCustomer().build());
    const other = openStore(store.file);
    try {
      // The clean-up report's first figure: the active cards.
      const registered = (report: ReturnType<ReportBuilder>) => report.summary[0]!.value;
      let before: unknown;
      let after: unknown;
      // A builder that reads, lets another connection (a sync, the scan's thread, a CLI import) commit, and reads again.
      reportBuilders.cleanup = (view, filters, language) => {
        before = registered(original(view, filters, language));
        registerCustomer(other, aCustomer().build());
        const report = original(view, filters, language);
        after = registered(report);
        return report;
      };
      runReport(store, 'cleanup');
      expect(before).toBe(1);
      expect(after).toBe(1);
      reportBuilders.cleanup = original;
      expect(registered(runReport(store, 'cleanup'))).toBe(2);
    } finally {
      closeStore(other);
    }
  });
});
