import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

/**
 * The store holds customers' personal data, every staff member's PIN hash and (without an OS keystore) the device
 * token, so its folder and files are readable by their owner only. On Windows the per-user AppData folder's ACL
 * does this; the modes below are for POSIX systems, where the umask would otherwise leave them world-readable.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // mkdir's mode does not change a folder that already exists (an earlier Akrab made it 0755).
  if (process.platform !== 'win32') chmodSync(dir, 0o700);
}

/**
 * Creates the SQLite file 0600 before SQLite does (SQLite gives its -wal and -shm files the database file's mode),
 * and narrows the files of a store made by an earlier Akrab.
 */
export function keepStoreFilesPrivate(file: string): void {
  if (file === ':memory:' || file === '' || process.platform === 'win32') return;
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) if (existsSync(path)) chmodSync(path, 0o600);
}
