import type Database from 'better-sqlite3';
import { readSetting, writeSetting } from './store';

/**
 * Encryption by the operating system's keystore, shaped like Electron's `safeStorage` so the Electron main process
 * hands it over as it is (DPAPI on Windows, Keychain on macOS, libsecret/KWallet on Linux). The core has no
 * electron import: without a box (the CLI, the web harness, tests) secrets stay in clear in the store, whose file
 * is then their only protection (mode 0600, see privateFiles.ts).
 */
export interface SecretBox {
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

const SEALED = 'sealed:v1:';
let box: SecretBox | null = null;
/** The last value opened, so the status bar's polls do not call the keystore each time. */
let opened: { sealed: string; clear: string } | null = null;

/** Set once by the Electron main process when the OS keystore works; null (the default) keeps secrets in clear. */
export function useSecretBox(next: SecretBox | null): void {
  box = next;
  opened = null;
}

/** A secret setting (the device's sync token): sealed by the box when there is one. */
export function writeSecretSetting(sqlite: Database.Database, key: string, value: string): void {
  writeSetting(sqlite, key, box ? SEALED + box.encryptString(value).toString('base64') : value);
}

/**
 * The clear value of a secret setting. One written in clear (before the box, or by the CLI) is sealed on the way
 * when a box exists. One sealed by another process's keystore cannot be opened here: null, and
 * `secretSettingSealedElsewhere` says why.
 */
export function readSecretSetting(sqlite: Database.Database, key: string): string | null {
  const stored = readSetting(sqlite, key);
  if (stored === null) return null;
  if (!stored.startsWith(SEALED)) {
    if (box) writeSecretSetting(sqlite, key, stored);
    return stored;
  }
  if (!box) return null;
  if (opened?.sealed !== stored) opened = { sealed: stored, clear: box.decryptString(Buffer.from(stored.slice(SEALED.length), 'base64')) };
  return opened.clear;
}

export function secretSettingSealedElsewhere(sqlite: Database.Database, key: string): boolean {
  return !box && !!readSetting(sqlite, key)?.startsWith(SEALED);
}
