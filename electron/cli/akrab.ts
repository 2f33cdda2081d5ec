import { AkrabError } from '../../shared/errors';
import { globalOptions, type CliContext, type Command } from './context';

const usage = `akrab — Akrab's command-line tool

  akrab import customers FILE [--outlet CODE] [--json]   import a CSV or XLSX legacy export
  akrab lookup CARD_OR_PHONE [--json]                   find one customer by card or phone
  akrab search TEXT [--limit N] [--json]                 ranked search as you type

Every command takes --data-dir DIR (default: the app's per-user folder, or $AKRAB_DATA_DIR).`;

/** Commands by their words (`import customers` is two), loaded only when used so each starts fast. */
const commands: Record<string, () => Promise<Command>> = {
  'import customers': async () => (await import('./commands/importCustomers')).importCustomers,
  lookup: async () => (await import('./commands/lookup')).lookup,
  search: async () => (await import('./commands/search')).search,
};

export async function main(argv: string[], io: Pick<CliContext, 'out' | 'err'> = { out: (l) => console.log(l), err: (l) => console.error(l) }): Promise<number> {
  const { dataDir, json, rest } = globalOptions(argv);
  const ctx: CliContext = { dataDir, json, ...io };
  const name = [rest.slice(0, 2).join(' '), rest[0] ?? ''].find((candidate) => candidate in commands);
  if (!name) {
    ctx.err(usage);
    return rest.length === 0 || rest[0] === '--help' || rest[0] === 'help' ? 0 : 2;
  }
  try {
    const command = await commands[name]!();
    return await command(rest.slice(name.split(' ').length), ctx);
  } catch (error) {
    if (error instanceof AkrabError) {
      if (json) ctx.out(JSON.stringify({ error: error.toJSON() }));
      ctx.err(`error: ${error.messageKey}${error.field ? ` (${error.field})` : ''}`);
      return 1;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      ctx.err(`error: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
