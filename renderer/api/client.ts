import { callNames, type AkrabApi, type CallName } from '../../shared/contract';
import type { AkrabErrorShape } from '../../shared/errors';

type CallResult = { ok: true; value: unknown } | { ok: false; error: AkrabErrorShape };

/** A failed contract call, carrying the core's error code, field and message key for the UI to translate. */
export class CallError extends Error {
  constructor(readonly error: AkrabErrorShape) {
    super(error.messageKey);
    this.name = 'CallError';
  }
}

/** How a call reaches the core: Electron's preload bridge, or the web harness over HTTP. */
export type Transport = (name: CallName, input: unknown) => Promise<CallResult>;

declare global {
  interface Window {
    /** Electron's preload exposes each contract call as one function (see electron/preload/preload.ts). */
    akrab?: Record<CallName, (input: unknown) => Promise<CallResult>>;
  }
}

function electronTransport(bridge: NonNullable<Window['akrab']>): Transport {
  return (name, input) => bridge[name](input);
}

function httpTransport(token: string): Transport {
  return async (name, input) => {
    const response = await fetch(`api/call/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-akrab-token': token },
      body: JSON.stringify(input ?? {}),
    });
    return (await response.json()) as CallResult;
  };
}

/** The web harness hands its per-run token in the URL fragment; it is kept for the tab's session only. */
function harnessToken(): string {
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem('akrab.token', fromHash);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return fromHash;
  }
  return sessionStorage.getItem('akrab.token') ?? '';
}

export function createApi(transport: Transport): AkrabApi {
  const api: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const name of callNames) {
    api[name] = async (input) => {
      const result = await transport(name, input);
      if (!result.ok) throw new CallError(result.error);
      return result.value;
    };
  }
  return api as AkrabApi;
}

export function defaultTransport(): Transport {
  return window.akrab ? electronTransport(window.akrab) : httpTransport(harnessToken());
}

/**
 * Saves a finished export in the browser (the web harness serves it to its own client, token in the header); null
 * in Electron, where the file is already on this machine and the screen names its folder.
 */
export function exportDownloader(): ((id: string, fileName: string) => Promise<void>) | null {
  if (typeof window === 'undefined' || window.akrab) return null;
  return async (id, fileName) => {
    const response = await fetch(`api/export/${encodeURIComponent(id)}`, { method: 'POST', headers: { 'x-akrab-token': harnessToken() } });
    if (!response.ok) throw new CallError({ code: 'not_found', messageKey: 'error.export_not_found' });
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };
}
