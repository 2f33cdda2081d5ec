import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, isTrustedRendererUrl, mainWindowOptions } from '../../electron/main/windowOptions';

describe('the Electron window is locked down', () => {
  it('isolates the renderer: context isolation and sandbox on, no Node integration anywhere', () => {
    const prefs = mainWindowOptions('/app/preload.cjs').webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('has a strict Content-Security-Policy: own scripts only, no eval, no remote content', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
    const html = readFileSync('renderer/index.html', 'utf8');
    expect(html).toContain("script-src 'self'");
    expect(html).not.toMatch(/<script>(?!\s*<\/script>)/);
  });

  it('trusts only its own renderer file as the sender of calls', () => {
    expect(isTrustedRendererUrl('file:///opt/Akrab/dist/renderer/index.html', '/opt/Akrab/dist/renderer/index.html')).toBe(true);
    expect(isTrustedRendererUrl('file:///tmp/evil.html', '/opt/Akrab/dist/renderer/index.html')).toBe(false);
    expect(isTrustedRendererUrl('https://example.com/', '/opt/Akrab/dist/renderer/index.html')).toBe(false);
    expect(isTrustedRendererUrl('not a url', '/opt/Akrab/dist/renderer/index.html')).toBe(false);
  });

  it('main blocks navigation and new windows and denies permissions', () => {
    const main = readFileSync('electron/main/main.ts', 'utf8');
    expect(main).toMatch(/will-navigate[^]*preventDefault/);
    expect(main).toMatch(/setWindowOpenHandler[^]*action: 'deny'/);
    expect(main).toMatch(/setPermissionRequestHandler[^]*callback\(false\)/);
    expect(main).toContain('app.enableSandbox()');
  });
});
