import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Session } from '../../electron/core/auth/roles';
import { createStaff } from '../../electron/core/auth/staffAccounts';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { lookupCustomer } from '../../electron/core/customers/lookup';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { storeFile } from '../../electron/core/dataDir';
import { blockClusterCards } from '../../electron/core/dedup/blockClusterCards';
import { clusterDetail, listClusters } from '../../electron/core/dedup/reviewQueue';
import { seedDemoStore } from '../../electron/core/demo/seedDemoStore';
import { customerTier, pointsBalance, recomputeTiers, setRule, setTiers } from '../../electron/core/loyalty';
import { blockCard, cardState, replaceCard, unblockCard } from '../../electron/core/loyalty/cards/cardLife';
import { memberCardPdf } from '../../electron/core/loyalty/cards/memberCardPdf';
import { closeStore, openStore } from '../../electron/core/store/store';
import { akrabErrorOf } from '../support/akrabError';
import { aCustomer, aLoyaltyRule } from '../support/builders';
import { runCli } from '../support/runCli';
import { tempDir, tempStore } from '../support/tempStore';

const manager: Session = { staffId: 'mgr-1', name: 'Bu Rina', role: 'manager', outletId: null };
const clerk: Session = { staffId: 'clerk-1', name: 'Andi', role: 'clerk', outletId: null };

function cardStore() {
  const store = tempStore({ now: () => new Date('2026-03-02T03:00:00.000Z') });
  setRule(store, manager, aLoyaltyRule('2026-03-02').build());
  setTiers(store, manager, { validFrom: '2026-03-02', graceDays: 30, levels: [{ code: 'gold', name: 'Gold', minSpend: 1_000_000, discountPercent: 5 }] });
  const customer = registerCustomer(store, aCustomer().named('Dewi Kartika').withCard('VIP500100').build());
  addPurchase(store, { customerId: customer.id, invoiceNo: 'INV-500', purchasedAt: '2026-03-02T02:00:00.000Z', amount: 1_500_000 });
  recomputeTiers(store);
  return { store, customerId: customer.id };
}
const rows = (store: ReturnType<typeof tempStore>, table: string) => store.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get();

describe('member card life', () => {
  it('replaces a lost card: the old number is blocked and says where it went, points and tier stay with the customer', () => {
    const { store, customerId } = cardStore();
    const before = { balance: pointsBalance(store, customerId).balance, tier: customerTier(store, customerId).tier?.code };
    expect(before).toEqual({ balance: 150, tier: 'gold' });
    const changes = rows(store, 'changes');
    expect(akrabErrorOf(() => replaceCard(store, clerk, { cardNo: 'VIP500100', newCardNo: 'VIP500200' })).messageKey).toBe(
      'error.loyalty.manager_required',
    );
    expect(akrabErrorOf(() => replaceCard(store, manager, { cardNo: 'VIP999999', newCardNo: 'VIP500200' })).messageKey).toBe(
      'error.loyalty.unknown_card',
    );
    expect(akrabErrorOf(() => replaceCard(store, manager, { cardNo: 'VIP500100', newCardNo: 'x' })).messageKey).toBe('error.card_invalid');
    registerCustomer(store, aCustomer().withCard('VIP500300').build());
    const afterOther = rows(store, 'changes');
    expect(akrabErrorOf(() => replaceCard(store, manager, { cardNo: 'VIP500100', newCardNo: 'VIP500300' })).messageKey).toBe('error.card_taken');
    expect(rows(store, 'changes')).toBe(afterOther);
    expect(afterOther).toBeGreaterThan(changes as number);

    const state = replaceCard(store, manager, { cardNo: 'vip-500100', newCardNo: 'VIP 500200', reason: 'hilang di pasar' });
    expect(state).toMatchObject({ cardNo: 'VIP500100', status: 'lost', customerId, customerName: 'Dewi Kartika', reason: 'hilang di pasar', replacedBy: 'VIP500200', byStaff: 'mgr-1' });
    // Scanning the old card finds the customer, and says why and which card replaced it.
    const scanned = lookupCustomer(store, 'VIP500100')!;
    expect(scanned.customer.id).toBe(customerId);
    expect(scanned.card).toMatchObject({ status: 'lost', replacedBy: 'VIP500200' });
    expect(lookupCustomer(store, 'VIP500200')).toMatchObject({ customer: { id: customerId } });
    expect(lookupCustomer(store, 'VIP500200')!.card).toBeUndefined();
    expect({ balance: pointsBalance(store, customerId).balance, tier: customerTier(store, customerId).tier?.code }).toEqual(before);
    // A lost card is not unblocked, nor replaced again, nor printed.
    expect(akrabErrorOf(() => unblockCard(store, manager, { cardNo: 'VIP500100', reason: 'ketemu' })).messageKey).toBe('error.loyalty.card_replaced');
    expect(akrabErrorOf(() => replaceCard(store, manager, { cardNo: 'VIP500100', newCardNo: 'VIP500400' })).messageKey).toBe(
      'error.loyalty.card_replaced',
    );
  });

  it('blocks and unblocks with a reason and a manager; refusals write nothing', () => {
    const { store } = cardStore();
    const changes = rows(store, 'changes');
    expect(akrabErrorOf(() => blockCard(store, manager, { cardNo: 'VIP500100', reason: '  ' })).messageKey).toBe('error.loyalty.reason_required');
    expect(akrabErrorOf(() => blockCard(store, clerk, { cardNo: 'VIP500100', reason: 'disalahgunakan' })).messageKey).toBe(
      'error.loyalty.manager_required',
    );
    expect(akrabErrorOf(() => unblockCard(store, manager, { cardNo: 'VIP500100', reason: 'x' })).messageKey).toBe('error.loyalty.card_not_blocked');
    expect(rows(store, 'changes')).toBe(changes);
    expect(blockCard(store, manager, { cardNo: 'VIP500100', reason: 'disalahgunakan' })).toMatchObject({ status: 'blocked', reason: 'disalahgunakan', replacedBy: null });
    expect(lookupCustomer(store, 'VIP500100')!.card).toMatchObject({ status: 'blocked', reason: 'disalahgunakan' });
    expect(unblockCard(store, manager, { cardNo: 'VIP500100', reason: 'sudah dijelaskan' })).toMatchObject({ status: 'active', reason: null });
    const audit = store.sqlite.prepare(`SELECT action FROM audit_log WHERE action LIKE 'loyalty.card_%' ORDER BY at, rowid`).pluck().all();
    expect(audit).toEqual(['loyalty.card_block', 'loyalty.card_unblock']);
  });

  it('prints a member card PDF whose Code 128 barcode scans back to the card number', async () => {
    const { store } = cardStore();
    const dir = tempDir();
    const file = path.join(dir, 'card.pdf');
    writeFileSync(file, await memberCardPdf(store, 'VIP500100', 'en'));
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Dewi Kartika');
    expect(text).toContain('VIP500100');
    expect(text).toContain('Tier: Gold');
    execFileSync('pdftoppm', ['-r', '300', '-png', '-singlefile', file, path.join(dir, 'card')]);
    const scan = execFileSync('zbarimg', ['--quiet', '--raw', path.join(dir, 'card.png')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    expect(scan).toBe('VIP500100');
    blockCard(store, manager, { cardNo: 'VIP500100', reason: 'disalahgunakan' });
    await expect(memberCardPdf(store, 'VIP500100')).rejects.toMatchObject({ messageKey: 'error.loyalty.card_blocked' });
  });

  it("blocks a card-farming cluster's extra cards from the review queue instead of merging", () => {
    const store = tempStore();
    seedDemoStore(store);
    const cluster = listClusters(store, { kind: 'farming' })[0]!;
    const detail = clusterDetail(store, cluster.id);
    const keep = detail.members[0]!.id;
    expect(akrabErrorOf(() => blockClusterCards(store, manager, cluster.id, { keepCustomerId: keep })).messageKey).toBe('error.loyalty.reason_required');
    const person = listClusters(store, { kind: 'person' })[0]!;
    expect(akrabErrorOf(() => blockClusterCards(store, manager, person.id, { reason: 'x' })).messageKey).toBe('error.loyalty.block_farming_only');
    const result = blockClusterCards(store, manager, cluster.id, { keepCustomerId: keep, reason: 'penimbunan kartu' });
    const extra = detail.members.filter((m) => m.id !== keep).flatMap((m) => m.cardNos);
    expect(result.blocked.sort()).toEqual(extra.sort());
    for (const cardNo of extra) expect(cardState(store, cardNo)).toMatchObject({ status: 'blocked', reason: 'penimbunan kartu' });
    for (const cardNo of detail.members[0]!.cardNos) expect(cardState(store, cardNo).status).toBe('active');
    expect(clusterDetail(store, cluster.id).status).toBe('cards_blocked');
    expect(store.sqlite.prepare(`SELECT count(*) FROM card_events WHERE cluster_id = ?`).pluck().get(cluster.id)).toBe(extra.length);
  });

  it('akrab card replace, block, unblock and status; a blocked card redeems nothing', () => {
    const dataDir = tempDir();
    const store = openStore(storeFile(dataDir));
    const admin = createStaff(store, null, { name: 'Admin Ayu', role: 'admin', pin: '73916428', password: 'kunci-admin-ayu-2026' });
    registerCustomer(store, aCustomer().named('Rina Wati').withCard('VIP600100').build());
    closeStore(store);
    const cli = (...args: string[]) => {
      const result = runCli([...args, '--json', '--data-dir', dataDir]);
      return { code: result.code, json: result.stdout ? JSON.parse(result.stdout) : null };
    };
    const sign = ['--manager', admin.id, '--password', 'kunci-admin-ayu-2026'];
    expect(cli('card', 'replace', 'VIP600100', '--new', 'VIP600200', '--reason', 'hilang', ...sign).json).toMatchObject({
      status: 'lost',
      replacedBy: 'VIP600200',
    });
    expect(cli('card', 'status', 'VIP600100').json).toMatchObject({ customerName: 'Rina Wati', replacedBy: 'VIP600200', history: [{ kind: 'replaced' }] });
    expect(cli('lookup', 'VIP600100').json.scannedCard).toMatchObject({ status: 'lost', replacedBy: 'VIP600200' });
    const redeem = cli('points', 'redeem', 'VIP600100', '--points', '1');
    expect([redeem.code, redeem.json.error.messageKey, redeem.json.error.params.replacedBy]).toEqual([1, 'error.loyalty.card_replaced', 'VIP600200']);
    expect(cli('card', 'block', 'VIP600200', '--reason', 'disalahgunakan', ...sign).json.status).toBe('blocked');
    expect(cli('card', 'block', 'VIP600200', ...sign).json.error.messageKey).toBe('error.loyalty.card_blocked');
    expect(cli('card', 'unblock', 'VIP600200', '--reason', 'beres', ...sign).json.status).toBe('active');
    expect(cli('card', 'status', 'VIP000000').json.error.messageKey).toBe('error.loyalty.unknown_card');
  }, 300_000);
});
