// Bundles the thin Electron glue: main (with the core) and the sandboxed preload, as CommonJS, plus the migrations
// and better-sqlite3 built for Electron's ABI (never the root's build, which is Node's).
//   node build/buildElectron.mjs [--out DIR] [--binding FILE]   (defaults: dist-electron, desktop/'s Electron build)
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ELECTRON_BUNDLE_OPTIONS } from './electronBundle.mjs';
import { BUNDLED_BINDING, electronBindingFile, electronBindingProblem, sqliteVersionsMatch } from './desktop.mjs';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'dist-electron' }, binding: { type: 'string', default: electronBindingFile } } });
const out = values.out;
rmSync(out, { recursive: true, force: true });

const problem = electronBindingProblem(values.binding);
const versions = sqliteVersionsMatch();
if (problem || !versions.ok) {
  console.error(`Cannot build the Electron bundle: ${problem ?? `better-sqlite3 ${versions.desktop} in desktop/ differs from the root's ${versions.root}; pin desktop/package.json to the root's version.`}`);
  process.exit(1);
}

const common = ELECTRON_BUNDLE_OPTIONS;
await build({ ...common, entryPoints: ['electron/main/main.ts'], outfile: path.join(out, 'main.cjs') });
await build({ ...common, entryPoints: ['electron/preload/preload.ts'], outfile: path.join(out, 'preload.cjs') });
// The follow-up rule pass's reading thread (electron/core/care/followUps/readRuleTriggers.ts starts it).
await build({ ...common, entryPoints: ['electron/core/care/followUps/ruleReaderThread.ts'], outfile: path.join(out, 'ruleReader.cjs') });
// The customer page's RFM boundary thread (electron/core/reports/customerRfm.ts starts it).
await build({ ...common, entryPoints: ['electron/core/reports/rfmBoundaryThread.ts'], outfile: path.join(out, 'rfmBoundaries.cjs') });
// The scheduled pass's daily learning thread (electron/core/learning/learnOffThread.ts starts it).
await build({ ...common, entryPoints: ['electron/core/learning/learningThread.ts'], outfile: path.join(out, 'learning.cjs') });
// The duplicate scan's thread (electron/core/dedup/storeScan.ts scanStoreOffThread starts it).
await build({ ...common, entryPoints: ['electron/core/dedup/dedupScanThread.ts'], outfile: path.join(out, 'dedupScan.cjs') });
// The loyalty daily pass's thread (electron/core/loyalty/dailyPass.ts runLoyaltyDailyPassOffThread starts it).
await build({ ...common, entryPoints: ['electron/core/loyalty/dailyPassThread.ts'], outfile: path.join(out, 'loyaltyPass.cjs') });
// The checkpoint thread of large writes (electron/core/store/checkpointOffThread.ts starts it).
await build({ ...common, entryPoints: ['electron/core/store/checkpointThread.ts'], outfile: path.join(out, 'checkpoint.cjs') });
cpSync('db/migrations', path.join(out, 'migrations'), { recursive: true });
mkdirSync(path.join(out, path.dirname(BUNDLED_BINDING)), { recursive: true });
cpSync(values.binding, path.join(out, BUNDLED_BINDING));
console.log(`built ${out}/`);
