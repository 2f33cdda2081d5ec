import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/api/dispatch';
import { signedInCore } from '../support/signedIn';
import { scopeFiltersFor } from '../../electron/core/reports/sessionScope';
import type { ExportStatus, ReportView } from '../../shared/reports';
import { reportFiltersSchema } from '../../shared/reports';
import { smallStore } from './smallStore';

describe('reports contract calls', () => {
  it('runs a report for the screen, masked and JSON-safe', () => {
    const { store } = smallStore();
    const result = dispatch(signedInCore(store), 'reports.run', { name: 'rfm', filters: { outlets: ['JKT'] }, language: 'en' });
    expect(result.ok).toBe(true);
    const view = (result as { value: ReportView }).value;
    expect(view.title).toBe('RFM segmentation');
    expect(view.sections[1]!.rows[0]![2]).toMatch(/••••/);
  });

  it('validates the input at the boundary', () => {
    const { store } = smallStore();
    expect(dispatch(signedInCore(store), 'reports.run', { name: 'nope' })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(dispatch(signedInCore(store), 'reports.run', { name: 'rfm', filters: { from: '31/12/2025' } })).toMatchObject({
      ok: false,
      error: { code: 'validation', issues: expect.arrayContaining([expect.objectContaining({ field: 'filters.from' })]) },
    });
    expect(dispatch(signedInCore(store), 'reports.run', { name: 'rfm', filters: { outlets: ['NOPE'] } })).toMatchObject({
      ok: false,
      error: { code: 'validation', messageKey: 'error.outlet_unknown' },
    });
  });

  it('exports in the background into the data folder and logs it', async () => {
    const { store } = smallStore();
    const handlers = signedInCore(store);
    const started = dispatch(handlers, 'reports.export', {
      name: 'registrations',
      filters: { from: '2026-03-01', to: '2026-03-31' },
      format: 'xlsx',
    });
    expect(started).toMatchObject({ ok: true, value: { state: 'running', format: 'xlsx' } });
    const { id, path: file } = (started as { value: ExportStatus }).value;
    expect(file).toBe(path.join(store.dir, 'exports', 'registrations-20260331-100000.xlsx'));
    let status: ExportStatus;
    do {
      await new Promise((r) => setTimeout(r, 20));
      status = (dispatch(handlers, 'reports.exportStatus', { id }) as { value: ExportStatus }).value;
    } while (status.state === 'running');
    expect(status).toMatchObject({ state: 'done', rows: 36 });
    expect(existsSync(file)).toBe(true);
    const log = dispatch(handlers, 'reports.exportLog', {}) as { value: { report: string; rows: number }[] };
    expect(log.value[0]).toMatchObject({ report: 'registrations', rows: 36, format: 'xlsx' });
    expect(dispatch(handlers, 'reports.exportStatus', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('scopeFiltersFor', () => {
  it('keeps a branch manager to their own outlet', () => {
    const { store, jkt } = smallStore();
    const filters = reportFiltersSchema.parse({});
    expect(scopeFiltersFor(store, filters, { role: 'manager', outletId: jkt.id }).outlets).toEqual(['JKT']);
    expect(scopeFiltersFor(store, { ...filters, outlets: ['jkt'] }, { role: 'manager', outletId: jkt.id }).outlets).toEqual(['JKT']);
    expect(() => scopeFiltersFor(store, { ...filters, outlets: ['MKS'] }, { role: 'manager', outletId: jkt.id })).toThrow(
      /outlet_forbidden/,
    );
    expect(scopeFiltersFor(store, { ...filters, outlets: ['MKS'] }, { role: 'admin', outletId: null }).outlets).toEqual(['MKS']);
  });
});
