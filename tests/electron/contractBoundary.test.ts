import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { callNames } from '../../shared/callNames';
import { contract } from '../../shared/contract';
import { channelFor } from '../../shared/ipc';
import { registerContract } from '../../electron/main/registerContract';
import { createHandlers } from '../../electron/core/api/handlers';
import { createCore } from '../../electron/core/api/core';
import { tempDir, tempStore } from '../support/tempStore';

describe('the contract is the whole API between renderer and core', () => {
  it('callNames and the contract define the same calls', () => {
    expect([...callNames].sort()).toEqual(Object.keys(contract).sort());
    expect(Object.keys(createHandlers(tempStore())).sort()).toEqual([...callNames].sort());
  });

  it('the main process registers exactly one IPC channel per contract call', async () => {
    const registered = new Map<string, (event: unknown, input: unknown) => unknown>();
    const channels = registerContract({ handle: (channel: string, listener: never) => void registered.set(channel, listener) } as never, createCore(tempStore()), (event) => (event as unknown as { trusted: boolean }).trusted);
    expect([...registered.keys()].sort()).toEqual(callNames.map(channelFor).sort());
    expect(channels).toHaveLength(callNames.length);

    const status = registered.get(channelFor('app.status'))!;
    expect(await status({ trusted: true }, {})).toMatchObject({ ok: true });
    expect(await status({ trusted: false }, {})).toEqual({ ok: false, error: { code: 'forbidden', messageKey: 'error.forbidden' } });
  });

  it('the bundled preload exposes exactly the contract, and each function invokes its own channel', async () => {
    const outfile = path.join(tempDir(), 'preload.cjs');
    await build({ entryPoints: ['electron/preload/preload.ts'], bundle: true, platform: 'node', format: 'cjs', external: ['electron'], outfile, logLevel: 'silent' });
    const exposed: Record<string, unknown> = {};
    const invoked: [string, unknown][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
      ipcRenderer: { invoke: async (channel: string, input: unknown) => (invoked.push([channel, input]), { ok: true, value: null }) },
    };
    const sandboxRequire = (id: string) => {
      // A sandboxed preload may require only a few Electron modules; anything else means the bundle is wrong.
      if (id === 'electron') return electron;
      throw new Error(`preload required ${id}`);
    };
    const module = { exports: {} };
    vm.runInNewContext(readFileSync(outfile, 'utf8'), { require: sandboxRequire, module, exports: module.exports });

    expect(Object.keys(exposed)).toEqual(['akrab']);
    const api = exposed.akrab as Record<string, (input: unknown) => Promise<unknown>>;
    expect(Object.keys(api).sort()).toEqual([...callNames].sort());
    expect(Object.isFrozen(api)).toBe(true);
    await api['customers.lookup']!({ query: '0812' });
    expect(invoked).toEqual([['akrab:customers.lookup', { query: '0812' }]]);
  });
});
