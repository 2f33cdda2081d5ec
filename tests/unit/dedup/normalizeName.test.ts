import { describe, expect, it } from 'vitest';
import { nameTokens, normalizeName } from '../../../electron/core/dedup/normalizeName';

describe('normalizeName: titles and honorifics', () => {
  it.each([
    ['Bapak Budi Santoso', 'budi santoso'],
    ['Bpk. Budi Santoso', 'budi santoso'],
    ['Bpk Budi Santoso', 'budi santoso'],
    ['Pak Budi', 'budi'],
    ['Ibu Siti Aminah', 'siti aminah'],
    ['Bu Siti', 'siti'],
    ['Sdr. Andi Wijaya', 'andi wijaya'],
    ['Sdri. Rina Marlina', 'rina marlina'],
    ['H. Ahmad Dahlan', 'ahmad dahlan'],
    ['Hj. Siti Aminah', 'siti aminah'],
    ['Haji Rhoma Irama', 'rhoma irama'],
    ['K.H. Ahmad Dahlan', 'ahmad dahlan'],
    ['Dr. Budi Santoso', 'budi santoso'],
    ['dr. Rina Marlina', 'rina marlina'],
    ['Ir. Budi Santoso', 'budi santoso'],
    ['Drs. Budi Santoso', 'budi santoso'],
    ['Dra. Rina Marlina', 'rina marlina'],
    ['Prof. Dr. Ir. H. Budi Santoso', 'budi santoso'],
    ['Prof.Dr.Ir. Budi Santoso', 'budi santoso'],
    ['Bapak H. Budi', 'budi'],
    ['Budi Santoso Bpk', 'budi santoso'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeName(raw)).toBe(expected);
  });
});

describe('normalizeName: degrees after the name', () => {
  it.each([
    ['Budi Santoso, S.E.', 'budi santoso'],
    ['Budi Santoso, S.E., M.M.', 'budi santoso'],
    ['Budi Santoso S.E. M.M.', 'budi santoso'],
    ['Budi Santoso SE', 'budi santoso'],
    ['Rina Marlina, S.H.', 'rina marlina'],
    ['Andi Wijaya, S.Kom.', 'andi wijaya'],
    ['Andi Wijaya S. Kom', 'andi wijaya'],
    ['Andi Wijaya, S.Kom., M.Kom.', 'andi wijaya'],
    ['Eko Prasetyo, S.T.', 'eko prasetyo'],
    ['Dewi Lestari, S.Pd.', 'dewi lestari'],
    ['Dewi Lestari, S.Pd.I', 'dewi lestari'],
    ['Rina, Amd.', 'rina'],
    ['Rina A.Md.Kep', 'rina'],
    ['Hendra Gunawan, M.Sc., Ph.D.', 'hendra gunawan'],
    ['Budi Santoso, M.A.', 'budi santoso'],
    ['Dr. Ir. H. Budi Santoso, M.M.', 'budi santoso'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeName(raw)).toBe(expected);
  });

  // Words that look like degrees but are names here must stay.
  it.each([
    ['Lie Ma', 'lie ma'], // Chinese surname Ma: a degree only when dotted (M.A.)
    ['Santoso, Budi', 'santoso budi'], // surname-first lists keep the given name after the comma
    ['Ahmad M. Yusuf', 'ahmad m yusuf'], // a lone M. inside the name stays an initial
    ['Budi H.', 'budi h'], // H. is Haji only in front
    ['Ibu', 'ibu'], // a title alone is kept rather than emptying the name
  ])('%s → %s', (raw, expected) => {
    expect(normalizeName(raw)).toBe(expected);
  });
});

describe('normalizeName: Arabic-origin variants', () => {
  const muhammads = [
    'Muhammad Rizki',
    'Mohammad Rizki',
    'Muhamad Rizki',
    'Mochammad Rizki',
    'Mochamad Rizki',
    'Mohamad Rizki',
    'Muhammed Rizki',
    'Moh. Rizki',
    'Muh. Rizki',
    'Mhd. Rizki',
    'Mohd Rizki',
    'M. Rizki',
    'M Rizki',
    'MUHAMMAD RIZKI',
  ];
  it.each(muhammads)('%s → muhammad rizki', (raw) => {
    expect(normalizeName(raw)).toBe('muhammad rizki');
  });

  it.each([
    ['Nur Hidayah', 'nur hidayah'],
    ['Noor Hidayah', 'nur hidayah'],
    ['Noer Hidayah', 'nur hidayah'],
    ['Nurul Hidayah', 'nur hidayah'],
    ['Achmad Fauzi', 'ahmad fauzi'],
    ['Akhmad Fauzi', 'ahmad fauzi'],
    ['Abd. Rahman', 'abdul rahman'],
    ['Abdoel Rahman', 'abdul rahman'],
    ['Sitti Aminah', 'siti aminah'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeName(raw)).toBe(expected);
  });

  it('keeps names that merely start like Muhammad', () => {
    expect(normalizeName('Mahmud')).toBe('mahmud');
    expect(normalizeName('Mamad Sutisna')).toBe('mamad sutisna');
  });
});

describe('normalizeName: old spelling, case, diacritics, punctuation', () => {
  it.each([
    ['Soekarno', 'Sukarno'],
    ['Djoko Widodo', 'Joko Widodo'],
    ['Tjahjono', 'Cahyono'],
    ['Sjahrir', 'Syahrir'],
    ['Chairul Tandjung', 'Khairul Tanjung'],
    ['Soerjadi', 'Suryadi'],
    ['Njoman Soedarma', 'Nyoman Sudarma'],
    ['BUDI SANTOSO', 'budi santoso'],
    ['  budi    santoso  ', 'Budi Santoso'],
    ['Budi-Santoso', 'Budi Santoso'],
    ['(Budi) Santoso!', 'Budi Santoso'],
    ['José Müller', 'Jose Muller'],
    ["Ma'ruf Amin", 'Maruf Amin'],
    ['Budi Santoso 2', 'Budi Santoso'],
  ])('%s ≡ %s', (a, b) => {
    expect(normalizeName(a)).toBe(normalizeName(b));
  });

  it('does not over-apply the old-spelling rules', () => {
    expect(normalizeName('Joko Wijaya')).toBe('joko wijaya');
    expect(normalizeName('Raja Panjaitan')).toBe('raja panjaitan');
  });

  it('collapses whitespace to single spaces and trims', () => {
    expect(normalizeName(' \t Siti \n  Rahayu ')).toBe('siti rahayu');
  });

  it('is idempotent', () => {
    for (const raw of ['Bapak H. Mochammad Soekarno, S.E.', 'Ibu Hj. Noer Aini', 'Tjahjono Djojo', 'M. Rizki', 'Lie Ma']) {
      const once = normalizeName(raw);
      expect(normalizeName(once)).toBe(once);
    }
  });

  it('gives empty for empty or punctuation-only input', () => {
    expect(normalizeName('')).toBe('');
    expect(normalizeName(' .,- ')).toBe('');
  });
});

describe('nameTokens', () => {
  it.each([
    ['Bapak H. Budi Santoso, S.E.', ['budi', 'santoso']],
    ['I Wayan Sudarma', ['i', 'wayan', 'sudarma']],
    ['Siti', ['siti']],
    ['', []],
  ])('%s → %j', (raw, tokens) => {
    expect(nameTokens(raw)).toEqual(tokens);
  });
});
