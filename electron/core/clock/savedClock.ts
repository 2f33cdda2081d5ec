import type Database from 'better-sqlite3';
import type { ClockState } from './hybridClock';

/**
 * The device's clock as saved in its store. More than one connection of the device may write (the app's thread, the
 * daily pass's thread, a CLI command): each catches up with the saved state when it starts a write and saves its own
 * in the same transaction, so the device's stamps keep increasing whichever connection made them. A save never moves
 * the saved state back (a connection whose clock is behind leaves the newer state in place).
 */
const SAVE = `INSERT INTO settings (key, value) VALUES ('clock', @state) ON CONFLICT (key) DO UPDATE SET value = excluded.value
  WHERE json_extract(excluded.value, '$.millis') > json_extract(settings.value, '$.millis')
     OR (json_extract(excluded.value, '$.millis') = json_extract(settings.value, '$.millis')
         AND json_extract(excluded.value, '$.counter') > json_extract(settings.value, '$.counter'))`;
const READ = `SELECT value FROM settings WHERE key = 'clock'`;

const statements = new WeakMap<Database.Database, { save: Database.Statement; read: Database.Statement }>();

function prepared(sqlite: Database.Database) {
  let s = statements.get(sqlite);
  if (!s) statements.set(sqlite, (s = { save: sqlite.prepare(SAVE), read: sqlite.prepare(READ).pluck() }));
  return s;
}

export function readSavedClock(sqlite: Database.Database): ClockState {
  const value = prepared(sqlite).read.get() as string | undefined;
  return value ? (JSON.parse(value) as ClockState) : { millis: 0, counter: 0 };
}

export function saveClock(sqlite: Database.Database, state: ClockState): void {
  prepared(sqlite).save.run({ state: JSON.stringify(state) });
}
