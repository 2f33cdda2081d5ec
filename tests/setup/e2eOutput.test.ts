import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeTempDataDirs, screenshotDir, tempDataDir } from '../e2e/support';
import { screenshotDirFor } from '../e2e/outputDirs';

const root = path.resolve('.');

describe('the end-to-end run leaves the clone as it found it', () => {
  it('writes screenshots to the untracked output folder unless asked to refresh the tracked ones', () => {
    expect(screenshotDirFor([], {})).toBe(path.join(root, 'tests/e2e/output/screenshots'));
    expect(screenshotDirFor([], { AKRAB_UPDATE_SCREENSHOTS: '1' })).toBe(path.join(root, 'tests/e2e/screenshots'));
    expect(screenshotDirFor(['node', 'tests/e2e/run.ts', '--update-screenshots'], {})).toBe(path.join(root, 'tests/e2e/screenshots'));
    // What the run uses, started as `npm test` starts it (no flag; CI sets no variable).
    expect(screenshotDir).toBe(screenshotDirFor());
    if (!process.env.AKRAB_UPDATE_SCREENSHOTS) expect(screenshotDir).toBe(path.join(root, 'tests/e2e/output/screenshots'));
  });

  it('keeps its stores outside the clone and removes them all at the end', () => {
    const dirs = [tempDataDir(), tempDataDir()];
    for (const dir of dirs) expect(path.relative(root, dir).startsWith('..'), dir).toBe(true);
    removeTempDataDirs();
    for (const dir of dirs) expect(existsSync(dir), dir).toBe(false);
    expect(existsSync(path.dirname(dirs[0]!))).toBe(false);
  });
});
