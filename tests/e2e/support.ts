import { execSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { openStore, type Store } from '../../electron/core/store/store';
import { ensureOutlet, useOutlet } from '../../electron/core/outlets/outlets';
import { seedCustomers } from '../../electron/core/demo/seedStore';
import { syntheticCustomers } from '../../electron/core/demo/syntheticCustomers';
import { startHarness, type RunningHarness } from '../../electron/web/harness';
import { createStaff, signIn } from '../../electron/core/auth/staffAccounts';
import { removeTempDataDirs, screenshotDirFor, tempDataDir } from './outputDirs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const screenshotDir = screenshotDirFor();
export { removeTempDataDirs, tempDataDir };
export const viewport = { width: 1366, height: 768 };

export function buildRenderer(): void {
  execSync('npx vite build --logLevel warn', { cwd: root, stdio: 'inherit' });
}

/** The accounts of the e2e booth store, signed in through the UI by `openApp`. */
export interface E2eStaff {
  name: string;
  pin: string;
  password?: string;
}
export const E2E_ADMIN = { name: 'Admin Akrab', pin: '909014', password: 'admin-e2e-rahasia' };
export const E2E_CLERK: E2eStaff = { name: 'Rina (SPG)', pin: '246813' };
export const E2E_BOOTH: E2eStaff = { name: 'Dodi (Booth)', pin: '135792' };
export const E2E_MANAGER: E2eStaff = { name: 'Pak Hendra', pin: '864209', password: 'manajer-e2e-rahasia' };

/** A booth's store: its outlet, its staff accounts, and `customers` realistic synthetic customers. */
export function seededStore(dir: string, customers: number): Store {
  const store = openStore(path.join(dir, 'akrab.sqlite'));
  useOutlet(store, ensureOutlet(store, 'BOOTH-MKG', { name: 'Booth Mall Kelapa Gading', kind: 'booth' }));
  const admin = createStaff(store, null, { name: E2E_ADMIN.name, role: 'admin', pin: E2E_ADMIN.pin, password: E2E_ADMIN.password });
  const actor = signIn(store, admin.id, { password: E2E_ADMIN.password });
  // The booth's SPG also opens customer records (the clerk role); the booth role only registers and looks up.
  createStaff(store, actor, { name: E2E_CLERK.name, role: 'clerk', outletCode: 'BOOTH-MKG', pin: E2E_CLERK.pin });
  createStaff(store, actor, { name: E2E_BOOTH.name, role: 'booth', outletCode: 'BOOTH-MKG', pin: E2E_BOOTH.pin });
  createStaff(store, actor, { name: E2E_MANAGER.name, role: 'manager', outletCode: 'BOOTH-MKG', pin: E2E_MANAGER.pin, password: E2E_MANAGER.password });
  if (customers > 0) seedCustomers(store, syntheticCustomers(customers, { seed: 11, purchasesPerCustomer: 4, until: startOfToday() }));
  return store;
}

export async function serve(store: Store): Promise<RunningHarness> {
  return startHarness({ store, rendererDir: path.join(root, 'dist/renderer') });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/**
 * Opens the app as a fresh device (its own localStorage, the harness token in the URL fragment) and signs in
 * through the sign-in screen as `staff` (the SPG by default; `null` stays at the sign-in or first-start screen).
 * The harness is one connection, so whoever the previous test left signed in is signed out first.
 */
export async function openApp(
  browser: Browser,
  harness: RunningHarness,
  options: { language?: 'id' | 'en'; bypassCSP?: boolean; staff?: E2eStaff | null; usePassword?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page; cspErrors: string[] }> {
  await fetch(`${harness.url}/api/call/auth.signOut`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-akrab-token': harness.token }, body: '{}' });
  const context = await browser.newContext({ viewport, bypassCSP: options.bypassCSP ?? false, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
  if (options.language) await context.addInitScript((lang) => localStorage.setItem('akrab.language', lang), options.language);
  const page = await context.newPage();
  const cspErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) cspErrors.push(message.text());
  });
  page.on('pageerror', (error) => cspErrors.push(`pageerror: ${error.message}`));
  await page.goto(`${harness.url}/#token=${harness.token}`);
  const staff = options.staff === undefined ? E2E_CLERK : options.staff;
  if (staff) await signInAs(page, staff, options.usePassword);
  return { context, page, cspErrors };
}

/** Picks the name on the sign-in screen and types the PIN (or the password) on the keyboard. */
export async function signInAs(page: Page, staff: E2eStaff, usePassword = false): Promise<void> {
  await page.getByRole('radio', { name: new RegExp(`^${staff.name.replace(/[()]/g, '\\$&')}`) }).check();
  if (usePassword) await page.getByRole('button', { name: /kata sandi|password/i }).click();
  await page.locator('#sign-in-secret').waitFor();
  await page.keyboard.type(usePassword ? staff.password! : staff.pin);
  await page.keyboard.press('Enter');
  await page.getByRole('combobox', { name: /cari|search/i }).waitFor();
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core on the page as it is; the context must bypass CSP so the injected script may run. */
export async function axeCheck(page: Page): Promise<AxeViolation[]> {
  const require = (await import('node:module')).createRequire(import.meta.url);
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const result = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  })) as { violations: AxeViolation[] };
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** History ends last night: the booth opens today with no registrations yet. */
function startOfToday(): Date {
  const now = new Date();
  return new Date(now.getTime() - (now.getTime() % 86_400_000) - 7 * 3_600_000);
}
