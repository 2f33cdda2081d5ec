import { describe, expect, it } from 'vitest';
import { foldText } from '../../../electron/core/dedup/foldText';
import { modernizeSpelling } from '../../../electron/core/dedup/oldSpelling';

describe('modernizeSpelling', () => {
  it.each([
    ['soekarno', 'sukarno'],
    ['soeharto', 'suharto'],
    ['djoko', 'joko'],
    ['tjahjono', 'cahyono'],
    ['sjahrir', 'syahrir'],
    ['chairul', 'khairul'],
    ['achmad', 'akhmad'],
    ['soerjadi', 'suryadi'],
    ['djaja', 'jaya'],
    ['soehardjo', 'suharjo'],
    ['djojohadikoesoemo', 'joyohadikusumo'],
    ['njoman', 'nyoman'],
    ['tandjung', 'tanjung'],
  ])('%s → %s', (old, modern) => {
    expect(modernizeSpelling(old)).toBe(modern);
  });

  // j→y only where the word shows other old letters: a modern j must survive.
  it.each(['joko', 'jaya', 'raja', 'wijaya', 'panji', 'anjani', 'cahyono', 'budi', 'yusuf', 'jusuf'])('leaves %s alone', (word) => {
    expect(modernizeSpelling(word)).toBe(word);
  });

  it('is idempotent', () => {
    for (const w of ['tjahjono', 'soerjadi', 'djojo', 'sjamsul', 'njoman']) {
      expect(modernizeSpelling(modernizeSpelling(w))).toBe(modernizeSpelling(w));
    }
  });
});

describe('foldText', () => {
  it.each([
    ['José', 'jose'],
    ['MÜLLER', 'muller'],
    ["Ma'ruf", 'maruf'],
    ['Ma’ruf', 'maruf'],
    ['Nguyễn', 'nguyen'],
  ])('%s → %s', (raw, folded) => {
    expect(foldText(raw)).toBe(folded);
  });
});
