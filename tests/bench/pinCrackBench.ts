/**
 * What a copied store gives away (issue 14, finding 6): the cost of recovering a staff PIN offline.
 *
 *   node --import tsx tests/bench/pinCrackBench.ts [--guesses 40] [--sign-ins 10]
 *
 * Builds a real store with two accounts — one with a 4-digit PIN hashed as Akrab did before issue 14 (the shortest
 * PIN it accepted), one with a 6-digit PIN created through the core today — copies the SQLite file as a thief
 * would, reads the hashes from the copy and times wrong guesses against each on one core (the attacker's loop is
 * the app's own verifySecret). From that per-guess cost it prints the expected (half the space) and worst-case
 * (whole space) time to exhaust each policy's PIN space on 1 core and on 8, from the CPU time per guess, scaling
 * linearly with cores (the attacker's best case). It also times the counter's side: a correct PIN sign-in through
 * the core (wall time, as the staff member waits it).
 * Writes tests/bench/pin-crack-results.json. GPUs are not measured here (see electron/core/auth/README.md).
 */
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { staff } from '../../db/schema/staff';
import { hashSecret, SCRYPT_PARAMS, verifySecret } from '../../electron/core/auth/secrets';
import { isGuessablePin } from '../../electron/core/auth/secretRules';
import { createStaff, signIn } from '../../electron/core/auth/staffAccounts';
import { newId } from '../../electron/core/ids';
import { ensureOutlet } from '../../electron/core/outlets/outlets';
import { closeStore, openStore } from '../../electron/core/store/store';
import { transact } from '../../electron/core/store/writer';
import { percentiles, round, time } from './stats';

const { values } = parseArgs({ options: { guesses: { type: 'string', default: '40' }, 'sign-ins': { type: 'string', default: '10' } } });
const GUESSES = Number(values.guesses);
const SIGN_INS = Number(values['sign-ins']);

/** The scrypt parameters and shortest PIN before issue 14 (secrets.ts and secretRules.ts at that time). */
const BEFORE = { params: { N: 2 ** 15, r: 8, p: 1 }, pin: '2580', minDigits: 4, weak: (pin: string) => /^(\d)\1*$/.test(pin) };
const AFTER = { params: SCRYPT_PARAMS, pin: '480516', minDigits: 6, weak: isGuessablePin };

const dir = mkdtempSync(path.join(os.tmpdir(), 'akrab-pin-bench-'));
const file = path.join(dir, 'akrab.sqlite');
const store = openStore(file);
ensureOutlet(store, 'BDG01');
const admin = createStaff(store, null, { name: 'Admin', role: 'admin', pin: '909014', password: 'rahasia-admin' });
const actor = signIn(store, admin.id, { password: 'rahasia-admin' });
const oldId = newId();
transact(store, (w) =>
  w.insert(staff, { id: oldId, name: 'Old PIN', role: 'clerk', outletId: ensureOutlet(store, 'BDG01').id, pinHash: hashSecret(BEFORE.pin, BEFORE.params), passwordHash: null, active: true }),
);
const fresh = createStaff(store, actor, { name: 'New PIN', role: 'clerk', outletCode: 'BDG01', pin: AFTER.pin });

// The counter's side: a right PIN, through the core, as the sign-in screen calls it.
const signInMs = { before: [] as number[], after: [] as number[] };
for (let i = 0; i < SIGN_INS; i++) {
  signInMs.before.push(time(() => signIn(store, oldId, { pin: BEFORE.pin })));
  signInMs.after.push(time(() => signIn(store, fresh.id, { pin: AFTER.pin })));
}
closeStore(store);

// The thief's side: a copy of the file, its hashes, and a loop of wrong guesses.
const stolen = path.join(dir, 'stolen.sqlite');
copyFileSync(file, stolen);
const copy = new Database(stolen, { readonly: true });
const hashOf = (id: string) => copy.prepare('SELECT pin_hash FROM staff WHERE id = ?').pluck().get(id) as string;
const stolenHashes = { before: hashOf(oldId), after: hashOf(fresh.id) };
copy.close();

/**
 * Wall and CPU milliseconds per wrong guess. The hours below come from CPU time: on a machine shared with other
 * work, wall time counts the waits for a core, which a thief with cores of their own does not have.
 */
function guessMs(hash: string, digits: number): { wall: number[]; cpu: number[] } {
  const samples = { wall: [] as number[], cpu: [] as number[] };
  for (let i = 0; i < GUESSES; i++) {
    const guess = String(i).padStart(digits, '0');
    let found = false;
    const before = process.cpuUsage();
    samples.wall.push(time(() => (found = verifySecret(guess, hash))));
    const used = process.cpuUsage(before);
    samples.cpu.push((used.user + used.system) / 1000);
    if (found) throw new Error(`guess ${guess} is the PIN: pick another PIN for the bench`);
  }
  return samples;
}

/** PINs of `digits` length a policy lets someone choose. */
function space(digits: number, weak: (pin: string) => boolean): number {
  let n = 0;
  for (let i = 0; i < 10 ** digits; i++) if (!weak(String(i).padStart(digits, '0'))) n++;
  return n;
}

const hours = (ms: number) => ms / 3_600_000;
function policy(name: 'before' | 'after', spec: typeof BEFORE) {
  const samples = guessMs(stolenHashes[name], spec.minDigits);
  const perGuess = samples.cpu.reduce((a, b) => a + b, 0) / samples.cpu.length;
  const pins = space(spec.minDigits, spec.weak);
  const summary = (list: number[]) => Object.fromEntries(Object.entries(percentiles(list)).map(([k, v]) => [k, round(v, 1)]));
  return {
    hash: stolenHashes[name].split('$').slice(0, 4).join('$'),
    shortestPinDigits: spec.minDigits,
    pinSpace: pins,
    guessMs: { cpuMean: round(perGuess, 1), cpu: summary(samples.cpu), wall: summary(samples.wall) },
    signInMs: summary(signInMs[name]),
    oneCoreHours: { expected: round(hours((pins / 2) * perGuess), 2), worst: round(hours(pins * perGuess), 2) },
    eightCoreHours: { expected: round(hours((pins / 2) * perGuess) / 8, 2), worst: round(hours(pins * perGuess) / 8, 2) },
  };
}

const results = {
  at: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadAverage: os.loadavg().map((l) => round(l, 2)), node: process.version },
  guesses: GUESSES,
  before: policy('before', BEFORE),
  after: policy('after', AFTER),
};

const row = (label: string, r: ReturnType<typeof policy>) =>
  `${label.padEnd(8)} ${r.hash.padEnd(20)} ${String(r.shortestPinDigits).padStart(6)} ${r.pinSpace.toLocaleString('en').padStart(10)} ` +
  `${r.guessMs.cpuMean.toFixed(1).padStart(12)} ${r.guessMs.wall.p50!.toFixed(1).padStart(9)} ${r.signInMs.p50!.toFixed(1).padStart(19)} ` +
  `${r.oneCoreHours.expected.toFixed(2).padStart(11)} ${r.oneCoreHours.worst.toFixed(2).padStart(11)} ` +
  `${r.eightCoreHours.expected.toFixed(2).padStart(11)} ${r.eightCoreHours.worst.toFixed(2).padStart(11)}`;
console.log(`load average ${results.machine.loadAverage.join(' ')}; ${GUESSES} wrong guesses per hash on a copied store; hours to exhaust the shortest PINs`);
console.log('policy   hash                 digits  PIN space  cpu ms/guess  wall p50  sign-in p50 (wall)  1 core exp  1 core max  8 core exp  8 core max');
console.log(row('before', results.before));
console.log(row('after', results.after));
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pin-crack-results.json');
writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
console.log(`written ${path.relative(process.cwd(), out)}`);
rmSync(dir, { recursive: true, force: true });
