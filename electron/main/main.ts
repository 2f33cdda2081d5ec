import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCore } from '../core/api/core';
import { storeFile } from '../core/dataDir';
import { useNativeBinding } from '../../db/connection';
import { openStore, closeStore } from '../core/store/store';
import { registerContract } from './registerContract';
import { startBackgroundSync } from '../core/sync/backgroundSync';
import { readSyncState } from '../core/sync/syncState';
import { startRuleSchedule } from '../core/care/followUps/ruleSchedule';
import { useRuleReaderEntry } from '../core/care/followUps/readRuleTriggers';
import { useRfmBoundaryEntry } from '../core/reports/customerRfm';
import { CONTENT_SECURITY_POLICY, isTrustedRendererUrl, mainWindowOptions } from './windowOptions';
import { ensurePrivateDir } from '../core/store/privateFiles';
import { useSecretBox } from '../core/store/secretBox';
import { useLearningEntry } from '../core/learning/learnOffThread';
import { useDedupScanEntry } from '../core/dedup/storeScan';
import { useCheckpointEntry } from '../core/store/checkpointOffThread';
import { useLoyaltyPassEntry } from '../core/loyalty/dailyPass';
import { osSecretBox } from './osSecretBox';

// Bundled layout (see build/buildElectron.mjs): dist-electron/{main.cjs,preload.cjs,ruleReader.cjs,rfmBoundaries.cjs,learning.cjs,checkpoint.cjs,migrations/}, dist/renderer/.
const here = __dirname;
const rendererIndex = path.join(here, '..', 'dist', 'renderer', 'index.html');

app.enableSandbox();

app.whenReady().then(() => {
  const dataDir = process.env.AKRAB_DATA_DIR ?? app.getPath('userData');
  ensurePrivateDir(dataDir);
  // better-sqlite3 built for Electron's module ABI, copied here by build/buildElectron.mjs; the root's build is Node's.
  useNativeBinding(path.join(here, 'native', 'better_sqlite3.node'));
  // The device's sync token is sealed by the OS keystore where there is one (see electron/core/store/secretBox.ts).
  useSecretBox(osSecretBox());
  const store = openStore(storeFile(dataDir), { migrationsFolder: path.join(here, 'migrations') });
  registerContract(ipcMain, createCore(store), (event) => isTrustedRendererUrl(event.senderFrame?.url ?? '', rendererIndex));

  // The same engine as `akrab sync`, every 30 s and with backoff while unreachable; app.status reports it to the status bar.
  const sync = readSyncState(store).token ? startBackgroundSync(store) : null;
  // Birthdays, satisfaction calls, escalations: the follow-up rules run shortly after start, then hourly,
  // reading on a thread of their own.
  useRuleReaderEntry(path.join(here, 'ruleReader.cjs'));
  // The same pass's daily learning (offer rules, the forecast's slow part) reads on a thread of its own too.
  useLearningEntry(path.join(here, 'learning.cjs'));
  // A manager's duplicate scan reads and finds on a thread of its own too (over a minute at a million customers).
  useDedupScanEntry(path.join(here, 'dedupScan.cjs'));
  // The same pass's loyalty part (points expiry, the tier recompute) writes on a thread of its own once a day.
  useLoyaltyPassEntry(path.join(here, 'loyaltyPass.cjs'));
  // A large write's (a campaign launch's) checkpoint copies the log into the file on a thread of its own.
  useCheckpointEntry(path.join(here, 'checkpoint.cjs'));
  const rules = startRuleSchedule(store);
  // The customer page's RFM quintiles: computed hourly on a thread of their own.
  useRfmBoundaryEntry(path.join(here, 'rfmBoundaries.cjs'));

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  const window = new BrowserWindow(mainWindowOptions(path.join(here, 'preload.cjs')));
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(({ url }) => {
    // wa.me and tel: links are handed to the operating system; nothing opens inside the app.
    if (/^(https:\/\/wa\.me\/|tel:)/.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(pathToFileURL(rendererIndex).toString());

  app.on('window-all-closed', () => {
    sync?.stop();
    rules.stop();
    closeStore(store);
    app.quit();
  });
});
