// How the Electron build bundles main, the preload and the worker threads (build/buildElectron.mjs), shared with
// the tests that run a thread as the compiled file the app ships.
/** @type {import('esbuild').BuildOptions} */
export const ELECTRON_BUNDLE_OPTIONS = {
  logOverride: { 'empty-import-meta': 'silent' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  external: ['electron', 'better-sqlite3'],
};
