// Bundles the thin Electron glue: main (with the core) and the sandboxed preload, as CommonJS, plus the migrations.
import { build } from 'esbuild';
import { cpSync, rmSync } from 'node:fs';

rmSync('dist-electron', { recursive: true, force: true });
const common = { logOverride: { 'empty-import-meta': 'silent' }, bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true, external: ['electron', 'better-sqlite3'] };
await build({ ...common, entryPoints: ['electron/main/main.ts'], outfile: 'dist-electron/main.cjs' });
await build({ ...common, entryPoints: ['electron/preload/preload.ts'], outfile: 'dist-electron/preload.cjs' });
// The follow-up rule pass's reading thread (electron/core/care/followUps/readRuleTriggers.ts starts it).
await build({ ...common, entryPoints: ['electron/core/care/followUps/ruleReaderThread.ts'], outfile: 'dist-electron/ruleReader.cjs' });
cpSync('db/migrations', 'dist-electron/migrations', { recursive: true });
console.log('built dist-electron/');
