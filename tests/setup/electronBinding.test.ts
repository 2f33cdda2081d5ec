import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { electronAbi, electronBindingFile, electronBindingProblem, moduleAbi } from '../../build/desktop.mjs';
import { nativeBindingFile, useNativeBinding } from '../../db/connection';
import { ruleTriggersOffThread } from '../../electron/core/care/followUps/readRuleTriggers';
import { RulePass } from '../../electron/core/care/followUps/rules';
import { openStore, closeStore } from '../../electron/core/store/store';
import { tempDir } from '../support/tempStore';
import { handStore } from '../care/handStore';

/** The better-sqlite3 that `npm ci` built for this Node: what tests, the CLI and the web harness load. */
const nodeBinding = path.join(
  path.dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')),
  'build',
  'Release',
  'better_sqlite3.node',
);

afterEach(() => {
  useNativeBinding(undefined);
  vi.restoreAllMocks();
});

function buildElectron(...args: string[]) {
  // Beside node_modules, as dist-electron/ is, so the bundle would resolve better-sqlite3's JavaScript the same way.
  mkdirSync('node_modules/.cache', { recursive: true });
  const out = mkdtempSync(path.join('node_modules', '.cache', 'akrab-electron-'));
  onTestFinished(() => rmSync(out, { recursive: true, force: true }));
  const result = spawnSync(process.execPath, ['build/buildElectron.mjs', '--out', out, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { ...result, out };
}

describe('the better-sqlite3 the Electron entry loads is built for Electron', () => {
  it("reads a compiled module's ABI tag: the root's build is this Node's, and Electron's ABI is another", () => {
    expect(moduleAbi(nodeBinding)).toBe(Number(process.versions.modules));
    expect(electronAbi()).toBe(Number(readFileSync('desktop/node_modules/electron/abi_version', 'utf8')));
    expect(electronAbi()).not.toBe(Number(process.versions.modules));
  });

  it("refuses to bundle a build for Node's ABI, and leaves no bundle that would fail at start", () => {
    const result = buildElectron('--binding', nodeBinding);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`was built for module ABI ${process.versions.modules}, but Electron`);
    expect(result.stderr).toContain(`needs ${electronAbi()}`);
    expect(existsSync(path.join(result.out, 'main.cjs'))).toBe(false);
  });

  it('bundles the build the main process loads only when it carries the installed Electron ABI', () => {
    const result = buildElectron();
    if (result.status === 0) {
      // Where Electron's binary and headers could be fetched (desktop:install built it).
      expect(moduleAbi(path.join(result.out, 'native', 'better_sqlite3.node'))).toBe(electronAbi());
      expect(readFileSync(path.join(result.out, 'main.cjs'), 'utf8')).toContain('"better_sqlite3.node"');
    } else {
      // Here: no Electron build exists, and the build says what is missing and how to get it.
      expect(electronBindingProblem()).not.toBeNull();
      expect(result.stderr).toContain(electronBindingProblem());
      expect(result.stderr).toContain('npm run desktop:install');
      expect(existsSync(path.join(result.out, 'main.cjs'))).toBe(false);
    }
    expect(electronBindingFile).toMatch(/desktop[\\/]node_modules[\\/]better-sqlite3[\\/]build[\\/]Release[\\/]better_sqlite3\.node$/);
  });

  it('every connection, the rule reading thread included, loads the binding the entry names', async () => {
    const copy = path.join(tempDir(), 'better_sqlite3.node');
    copyFileSync(nodeBinding, copy);
    useNativeBinding(copy);
    expect(nativeBindingFile()).toBe(copy);
    const dir = tempDir();
    closeStore(openStore(path.join(dir, 'akrab.sqlite')));

    const missing = path.join(dir, 'no-such-build', 'better_sqlite3.node');
    useNativeBinding(missing);
    expect(() => openStore(path.join(dir, 'other.sqlite'))).toThrow(/no-such-build/);

    useNativeBinding(undefined);
    const { store } = handStore();
    const pass = new RulePass(store);
    useNativeBinding(missing);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    let fellBack = false;
    for await (const _ of ruleTriggersOffThread(
      { file: store.sqlite.name, outlets: pass.outlets, nowIso: pass.nowIso },
      async function* () {
        fellBack = true;
        yield* [];
      },
    ));
    expect(fellBack).toBe(true);
    expect(String(warn.mock.calls[0]?.[1])).toMatch(/no-such-build/);
  });
});
