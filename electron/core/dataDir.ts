import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Akrab';

/** The per-user folder Electron's app.getPath('userData') gives for this app, so the CLI and the app share one store. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.AKRAB_DATA_DIR) return env.AKRAB_DATA_DIR;
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
}

export function storeFile(dataDir: string): string {
  return path.join(dataDir, 'akrab.sqlite');
}
