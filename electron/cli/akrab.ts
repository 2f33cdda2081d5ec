import { AkrabError } from '../../shared/errors';
import { globalOptions, type CliContext, type Command } from './context';
import { cliLanguage, errorMessage } from './messages';

const usage = `akrab — Akrab's command-line tool

  akrab import customers FILE [--outlet CODE] [--json]   import a CSV or XLSX legacy export
  akrab lookup CARD_OR_PHONE [--json]                   find one customer by card or phone
  akrab search TEXT [--limit N] [--json]                 ranked search as you type
  akrab report NAME --format csv|xlsx|pdf --out FILE [--from DATE --to DATE] [--outlet CODE] [--json]
                                                        registrations, rfm, neglected, cleanup, top-customers (akrab report --help)
  akrab dedup scan [--lang id|en] [--json]               find duplicate customers and card farming
  akrab dedup export --out FILE                          CSV cluster_id,card_no of the latest scan
  akrab interaction add CUSTOMER --channel CHANNEL [--note TEXT] [--outcome OUTCOME] [--json]
                                                        log a contact (visit, phone, whatsapp, sms, email, consultation, after_sales, note)
  akrab complaint open CUSTOMER --category CATEGORY [--severity S] [--invoice NO] --text TEXT [--json]
  akrab complaint set ID --status STATUS [--note TEXT] [--satisfaction 1..5] [--json]
  akrab complaint list [--status S] [--overdue] [--outlet CODE] [--json]
  akrab complaint show ID [--json]                      a complaint with its history
  akrab followups [--due] [--outlet CODE] [--run-rules] [--json]   open follow-ups (--due: today and overdue)

  akrab points balance|statement|earn|redeem|adjust CUSTOMER … [--json]   the loyalty ledger (akrab points --help)
  akrab points expire [--on DAY] | verify | rule …       expiry pass, cache check, programme rules
  akrab tiers recompute [--on DAY] | show CUSTOMER | set …   loyalty tiers: the pass, a customer's tier, thresholds
  akrab card replace|block|unblock|status|print CARD … [--json]   the member card's life (akrab card --help)

  akrab segment save NAME --where FILE.json | count NAME|--where FILE.json | export … | list [--json]   customer segments (akrab segment --help)
  akrab campaign create NAME --segment NAME --channel CH --purpose P … | launch ID | refresh ID | list [--json]
  akrab campaign contacts [--outlet CODE] | contact TARGET --outcome O   campaign contacts on "my day"
  akrab campaign results ID [--format csv|xlsx|pdf --out FILE] [--json]   contacts, attributed sales, lift vs control (akrab campaign --help)
  akrab campaign worklist ID --out FILE                  call list, SMS gateway file, email list or letters (PDF), by channel
  akrab opportunity add|set|list …                      potential sales: stage, budget, reason, follow-up (akrab opportunity --help)
  akrab forecast [--outlet CODE] [--json]                expected sales for three months; past months against actual
  akrab offers CUSTOMER [--recompute] [--json]           the customer's next best offers, with why
  akrab offers backtest [--cutoff YYYY-MM-DD] [--json]   offers vs most-popular: precision@3 and recall@3

  akrab server [--port P] [--host H] [--database-url URL] [--tls-cert FILE --tls-key FILE]
                                                        run the central sync server (embedded PostgreSQL by default); HTTPS with
                                                        a certificate, else plain HTTP on 127.0.0.1 unless --host says otherwise
  akrab server enroll --outlet CODE | devices | revoke --device ID
  akrab sync --server URL [--enroll CODE] [--ca FILE] [--json]   one sync round: enrol if needed, push, pull
                                                        (--ca: trust the server's private certificate; remembered)

  akrab staff create-admin --name N --pin PIN --password PW | add … --by ID --by-password PW | list
                                                        staff accounts of a device without a server (akrab staff --help)

  akrab backup --out FILE                               a checked copy of this device's store (works while the app runs; 0600)
  akrab restore FILE [--force]                          put a backup in place of the store (app stopped; the old store is kept
                                                        aside; --force: even over newer writes or another device's store)

Every command takes --data-dir DIR (default: the app's per-user folder, or $AKRAB_DATA_DIR).`;

/** Commands by their words (`import customers` is two), loaded only when used so each starts fast. */
const commands: Record<string, () => Promise<Command>> = {
  'import customers': async () => (await import('./commands/importCustomers')).importCustomers,
  lookup: async () => (await import('./commands/lookup')).lookup,
  search: async () => (await import('./commands/search')).search,
  report: async () => (await import('./commands/report')).report,
  'interaction add': async () => (await import('./commands/care')).interactionAdd,
  'complaint open': async () => (await import('./commands/care')).complaintOpen,
  'complaint set': async () => (await import('./commands/care')).complaintSet,
  'complaint list': async () => (await import('./commands/care')).complaintList,
  'complaint show': async () => (await import('./commands/care')).complaintShow,
  followups: async () => (await import('./commands/care')).followups,
  'dedup scan': async () => (await import('./commands/dedup')).dedupScan,
  'dedup export': async () => (await import('./commands/dedup')).dedupExport,
  points: async () => (await import('./commands/points')).points,
  // Knowing each customer (issue 19).
  opportunity: async () => (await import('./commands/knowledge')).opportunity,
  forecast: async () => (await import('./commands/knowledge')).forecast,
  offers: async () => (await import('./commands/knowledge')).offers,
  tiers: async () => (await import('./commands/tiers')).tiers,
  card: async () => (await import('./commands/card')).card,
  server: async () => (await import('./commands/server')).server,
  sync: async () => (await import('./commands/sync')).sync,
  // Segments and campaigns (issue 18).
  segment: async () => (await import('./commands/campaigns')).segment,
  campaign: async () => (await import('./commands/campaigns')).campaign,
  // Device store backups (issue 20, point 3).
  backup: async () => (await import('./commands/backup')).backup,
  restore: async () => (await import('./commands/backup')).restore,
  staff: async () => (await import('./commands/staff')).staff,
};

/** Commands that answer --help themselves, with more than the overview's lines. */
const ownHelp: Record<string, true> = { staff: true, report: true, server: true, segment: true, campaign: true, points: true, card: true, tiers: true, 'import customers': true };

/** The overview's lines for one command (and the lines that continue them). */
function helpFor(name: string): string {
  const lines = usage.split('\n');
  const picked: string[] = [];
  for (const [i, line] of lines.entries()) {
    if (line.startsWith(`  akrab ${name}`)) {
      picked.push(line);
      for (let j = i + 1; j < lines.length && /^ {20,}/.test(lines[j]!); j++) picked.push(lines[j]!);
    }
  }
  return picked.length ? picked.join('\n') : usage;
}

/** `--opt -5` → `--opt=-5`: no option of akrab is spelt like a negative number, so the number is the option's value. */
function joinNegativeValues(args: string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    if (/^--[a-z][\w-]*$/.test(arg) && next !== undefined && /^-\d/.test(next)) joined.push(`${arg}=${args[++i]}`);
    else joined.push(arg);
  }
  return joined;
}

export async function main(argv: string[], io: Pick<CliContext, 'out' | 'err'> = { out: (l) => console.log(l), err: (l) => console.error(l) }): Promise<number> {
  const { dataDir, json, rest } = globalOptions(argv);
  const ctx: CliContext = { dataDir, json, ...io };
  const name = [rest.slice(0, 2).join(' '), rest[0] ?? ''].find((candidate) => candidate in commands);
  if (!name) {
    ctx.err(usage);
    return rest.length === 0 || rest[0] === '--help' || rest[0] === 'help' ? 0 : 2;
  }
  // `--points -50` (a debit): node's parseArgs takes `-50` for an option and refuses; `--points=-50` is what it reads.
  const args = joinNegativeValues(rest.slice(name.split(' ').length));
  if ((args.includes('--help') || args.includes('-h')) && !(name in ownHelp)) {
    ctx.out(helpFor(name));
    return 0;
  }
  try {
    const command = await commands[name]!();
    return await command(args, ctx);
  } catch (error) {
    if (error instanceof AkrabError) {
      if (json) ctx.out(JSON.stringify({ error: error.toJSON() }));
      ctx.err(`error: ${await errorMessage(error, cliLanguage(argv))}`);
      return 1;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      ctx.err(`error: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
