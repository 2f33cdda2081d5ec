import path from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';

/** The renderer runs with no Node, in a sandbox, isolated from the preload: everything goes through the contract. */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 640,
    title: 'Akrab',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** Only the app's own renderer file may call the core. */
export function isTrustedRendererUrl(url: string, rendererIndex: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'file:' && path.normalize(decodeURIComponent(parsed.pathname)) === path.normalize(rendererIndex);
  } catch {
    return false;
  }
}
