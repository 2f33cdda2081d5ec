import { describe, expect, it } from 'vitest';
import { purchases } from '../../db/schema';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { storeFile } from '../../electron/core/dataDir';
import { newId } from '../../electron/core/ids';
import { ensureOutlet, useOutlet } from '../../electron/core/outlets/outlets';
import { closeStore, openStore } from '../../electron/core/store/store';
import { transact } from '../../electron/core/store/writer';
import { aCustomer } from '../support/builders';
import { runCli } from '../support/runCli';
import { tempDir } from '../support/tempStore';

const DAY = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY + 7 * 3_600_000).toISOString().slice(0, 10);

describe('akrab opportunity | forecast | offers', () => {
  it('records, moves and closes a potential sale, forecasts, offers and backtests; bad input gets its error', () => {
    const dataDir = tempDir();
    const store = openStore(storeFile(dataDir));
    useOutlet(store, ensureOutlet(store, 'JKT01'));
    const siti = registerCustomer(store, aCustomer().withCard('VIP919001').withPhone('0812-9190-0001').build());
    const buy = (customerId: string, product: string, daysAgo: number, invoiceNo: string) =>
      transact(store, (w) =>
        w.insert(purchases, {
          id: newId(),
          customerId,
          invoiceNo,
          outletId: store.outletId,
          purchasedAt: new Date(Date.now() - daysAgo * DAY).toISOString(),
          amount: 2_000_000,
          mainProduct: product,
        }),
      );
    for (let i = 0; i < 4; i++) {
      const c = registerCustomer(store, aCustomer().build()).id;
      buy(c, 'Kulkas 2 Pintu', 60, `K${i}`);
      buy(c, 'Dispenser', 50, `D${i}`);
    }
    buy(siti.id, 'Kulkas 2 Pintu', 40, 'S-1');
    buy(siti.id, 'Kasur Springbed', 0, 'S-2');
    closeStore(store);
    const cli = (...args: string[]) => {
      const result = runCli([...args, '--json', '--data-dir', dataDir]);
      return { code: result.code, json: result.stdout ? JSON.parse(result.stdout) : null, stderr: result.stderr };
    };

    const added = cli(
      'opportunity',
      'add',
      'VIP919001',
      '--product',
      'Kasur Springbed',
      '--category',
      'Kasur',
      '--budget',
      '4.500.000',
      '--decide-by',
      day(10),
      '--reason',
      'financing',
    );
    expect(added.code).toBe(0);
    expect(added.json).toMatchObject({ stage: 'interested', budget: 4_500_000, reasonNotBought: 'financing' });
    const id = added.json.id as string;
    expect(cli('opportunity', 'set', id, '--stage', 'quoted', '--budget', '4200000').json).toMatchObject({
      stage: 'quoted',
      budget: 4_200_000,
    });
    expect(cli('opportunity', 'list', '--open').json.map((o: { id: string }) => o.id)).toEqual([id]);
    expect(cli('followups').json.map((f: { reason: string }) => f.reason)).toContain('Tindak lanjut calon penjualan: Kasur Springbed');

    // Bad input: specific errors, in the language asked for.
    const bad = runCli([
      'opportunity',
      'add',
      'VIP919001',
      '--product',
      'Sofa',
      '--category',
      'Sofa',
      '--budget=-5',
      '--decide-by',
      day(3),
      '--data-dir',
      dataDir,
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('The budget must be a whole rupiah amount above zero.');
    const past = runCli(
      [
        'opportunity',
        'add',
        'VIP919001',
        '--product',
        'Sofa',
        '--category',
        'Sofa',
        '--budget',
        '5000000',
        '--decide-by',
        day(-3),
        '--data-dir',
        dataDir,
      ],
      { AKRAB_LANG: 'id' },
    );
    expect(past.stderr).toContain('Perkiraan tanggal keputusan tidak boleh di masa lalu.');
    const illegal = cli('opportunity', 'set', id, '--stage', 'interested', '--stage', 'won');
    expect(illegal.json.error).toMatchObject({ messageKey: 'error.knowledge.won_needs_invoice' });
    expect(cli('opportunity', 'set', id, '--stage', 'won', '--invoice', 'S-2').json).toMatchObject({ stage: 'won', wonAmount: 2_000_000 });
    expect(cli('opportunity', 'set', id, '--stage', 'negotiating').json.error).toMatchObject({
      messageKey: 'error.knowledge.stage_change_illegal',
      params: { from: 'won', to: 'negotiating' },
    });

    const f = cli('forecast', '--outlet', 'JKT01');
    expect(f.code).toBe(0);
    expect(f.json.months.length).toBeGreaterThan(0);
    expect(
      f.json.winRates.find((r: { stage: string; category: string | null }) => r.stage === 'quoted' && r.category === 'Kasur'),
    ).toMatchObject({ wins: 1, closed: 1 });

    // Siti bought a Kulkas: four of the five Kulkas buyers (Siti is one) bought a Dispenser next.
    const offers = cli('offers', 'VIP919001');
    expect(offers.json[0]).toMatchObject({ product: 'Dispenser', kind: 'rule', because: 'Kulkas 2 Pintu', confidence: 0.8 });
    const text = runCli(['offers', 'VIP919001', '--data-dir', dataDir]);
    expect(text.stdout).toContain('Dispenser: bought Kulkas 2 Pintu; 80.0% of its buyers bought this next');

    const backtest = cli('offers', 'backtest');
    expect(backtest.code).toBe(0);
    expect(backtest.json).toHaveProperty('offers.precisionAt3');
    expect(backtest.json).toHaveProperty('baseline.recallAt3');
  }, 240_000);
});
