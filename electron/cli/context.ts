import { defaultDataDir, storeFile } from '../core/dataDir';
import { openStore, type Store } from '../core/store/store';
import { ensurePrivateDir } from '../core/store/privateFiles';

export interface CliContext {
  dataDir: string;
  json: boolean;
  out: (line: string) => void;
  err: (line: string) => void;
}

export type Command = (args: string[], ctx: CliContext) => Promise<number>;

export function openCliStore(ctx: CliContext): Store {
  ensurePrivateDir(ctx.dataDir);
  return openStore(storeFile(ctx.dataDir));
}

/** Pulls the options every command shares (`--data-dir DIR`, `--json`) out of the argument list. */
export function globalOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): { dataDir: string; json: boolean; rest: string[] } {
  const rest: string[] = [];
  let dataDir = defaultDataDir(env);
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--data-dir') dataDir = argv[++i] ?? dataDir;
    else if (arg.startsWith('--data-dir=')) dataDir = arg.slice('--data-dir='.length);
    else rest.push(arg);
  }
  return { dataDir, json, rest };
}
