import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { closeStore } from '../../core/store/store';
import { clusterCards, lastScan, scanStore, type ScanSummary } from '../../core/dedup/storeScan';
import { openCliStore, type Command } from '../context';
import { cliLanguage, message } from '../messages';

function summaryJson(s: ScanSummary) {
  return {
    records: s.records,
    clusters: s.clusters,
    farmingClusters: s.farmingClusters,
    households: s.households,
    estimatedRealCustomers: s.estimatedPeople,
    estimatedRange: s.estimatedRange ?? null,
    unseenFarmCards: s.unseenFarmCards ?? null,
    clusteredCards: s.clusteredCards,
    learnedPairs: s.learnedPairs ?? null,
    warning: s.warning ?? null,
    seconds: Math.round((s.millis.total ?? 0) / 100) / 10,
  };
}

/** akrab dedup scan [--lang id|en] [--json] — scans the whole store and prints the counts. */
export const dedupScan: Command = async (args, ctx) => {
  parseArgs({ args, allowPositionals: false, options: { lang: { type: 'string' } } });
  const store = openCliStore(ctx);
  try {
    const summary = scanStore(store);
    const out = summaryJson(summary);
    if (ctx.json) ctx.out(JSON.stringify({ ...out, warning: out.warning && { ...out.warning, text: await message(out.warning.messageKey, out.warning.params, cliLanguage(args)) } }));
    else {
      ctx.out(`records:                  ${out.records}`);
      ctx.out(`clusters:                 ${out.clusters}`);
      ctx.out(`farming clusters:         ${out.farmingClusters}`);
      ctx.out(`households (linked):      ${out.households}`);
      ctx.out(`estimated real customers: ${out.estimatedRealCustomers}${out.estimatedRange ? ` (range ${out.estimatedRange.low}–${out.estimatedRange.high})` : ''}`);
      if (out.unseenFarmCards) ctx.out(`  of which taken off:     ${out.unseenFarmCards} farmers' extra cards sharing no contact (estimated)`);
      ctx.out(`scan time:                ${out.seconds} s`);
      if (out.warning) ctx.out(`warning: ${await message(out.warning.messageKey, out.warning.params, cliLanguage(args))}`);
    }
    return 0;
  } finally {
    closeStore(store);
  }
};

/**
 * akrab dedup export --out FILE — CSV `cluster_id,card_no`, one row for every card in a cluster of two or
 * more cards, from the latest scan (scanning first when there is none).
 */
export const dedupExport: Command = async (args, ctx) => {
  const { values } = parseArgs({ args, allowPositionals: false, options: { out: { type: 'string' } } });
  if (!values.out) return (ctx.err('usage: akrab dedup export --out FILE'), 2);
  const store = openCliStore(ctx);
  try {
    if (!lastScan(store)) scanStore(store);
    const file = createWriteStream(values.out, { encoding: 'utf8' });
    let rows = 0;
    const clusters = new Set<string>();
    const write = async (line: string) => {
      if (!file.write(line)) await once(file, 'drain');
    };
    await write('cluster_id,card_no\r\n');
    for (const { clusterId, cardNo } of clusterCards(store)) {
      await write(`${clusterId},${cardNo}\r\n`);
      clusters.add(clusterId);
      rows++;
    }
    file.end();
    await once(file, 'finish');
    if (ctx.json) ctx.out(JSON.stringify({ file: values.out, clusters: clusters.size, cards: rows }));
    else ctx.out(`Wrote ${rows} cards in ${clusters.size} clusters to ${values.out}`);
    return 0;
  } finally {
    closeStore(store);
  }
};
