import { describe, expect, it } from 'vitest';
import { addressBlockingKeys, addressKey, normalizeAddress, parseAddress } from '../../../electron/core/dedup/normalizeAddress';

describe('normalizeAddress: variants of one address are equal', () => {
  const canonical = 'jl merdeka no 12 rt 3 rw 5';
  it.each([
    'Jl. Merdeka No. 12 RT 003/RW 005',
    'Jln. Merdeka No.12 RT3/RW5',
    'Jalan Merdeka Nomor 12 Rt.03 Rw.05',
    'JL MERDEKA NO 12 RT 03 RW 05',
    'Jl.Merdeka No.12 RT/RW 003/005',
    'Jl. Merdeka No. 12 RT.003/005',
    'Jl. Merdeka, No. 012, RT 3 / RW 5',
    'jl merdeka no12 rt:3 rw:5',
  ])('%s', (raw) => {
    expect(normalizeAddress(raw)).toBe(canonical);
  });

  it.each([
    ['Gg. Mawar No. 7', 'gg mawar no 7'],
    ['Gang Mawar Nomor 7', 'gg mawar no 7'],
    ['Perumahan Griya Asri Blok C2 No. 5', 'perum griya asri blok c2 no 5'],
    ['Perum. Griya Asri Blk. C2 No 5', 'perum griya asri blok c2 no 5'],
    ['Kel. Sukamaju, Kec. Cibeunying', 'kel sukamaju kec cibeunying'],
    ['Kelurahan Sukamaju Kecamatan Cibeunying', 'kel sukamaju kec cibeunying'],
    ['Jl. Tjikini Raya', 'jl cikini raya'],
    ['Jl. Jend. Sudirman', 'jl jend sudirman'],
    ['Jl. Jenderal Sudirman', 'jl jend sudirman'],
    ['Kp. Rawa Bebek', 'kp rawa bebek'],
    ['Komplek Bumi Indah', 'komp bumi indah'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeAddress(raw)).toBe(expected);
  });

  it('strips leading zeros from every number but keeps a lone zero', () => {
    expect(normalizeAddress('Jl. Merdeka No. 007A RT 000')).toBe('jl merdeka no 7a rt 0');
  });

  it('is idempotent', () => {
    for (const raw of ['Jl. Merdeka No. 12 RT 003/RW 005', 'Perum Griya Asri Blok C2 No. 5, Bandung 40123']) {
      const once = normalizeAddress(raw);
      expect(normalizeAddress(once)).toBe(once);
    }
  });
});

describe('parseAddress', () => {
  it('reads street, number, RT/RW, postcode and place words', () => {
    expect(parseAddress('Jl. Merdeka No. 12 RT 003/RW 005, Kel. Sukamaju, Bandung 40123')).toEqual({
      street: ['merdeka'],
      streetMarked: true,
      number: '12',
      blok: null,
      rt: '3',
      rw: '5',
      postcode: '40123',
      words: ['merdeka', 'sukamaju', 'bandung'],
    });
  });

  it.each([
    ['Jl. Merdeka 12', ['merdeka'], '12', null],
    ['Jl. Merdeka Gg. Mawar No. 7', ['mawar'], '7', null],
    ['Perum Griya Asri Blok C2 No. 5', ['griya', 'asri'], '5', 'c2'],
    ['Merdeka 12, Bandung', ['merdeka'], '12', null],
    ['Kel. Sukamaju', [], null, null],
  ] as const)('%s', (raw, street, number, blok) => {
    const parts = parseAddress(raw);
    expect(parts.street).toEqual(street);
    expect(parts.number).toBe(number);
    expect(parts.blok).toBe(blok);
  });
});

describe('addressKey', () => {
  it.each([
    ['Jl. Merdeka No. 12 RT 003/RW 005', 'merdeka|no 12|rt 3 rw 5'],
    ['Jalan Merdeka Nomor 12 Rt.03 Rw.05, Kel. Sukamaju', 'merdeka|no 12|rt 3 rw 5'],
    ['Jl. Merdeka No. 12', 'merdeka|no 12'],
    ['Jl. Merdeka RT 3', 'merdeka|rt 3'],
    ['Jl. Merdeka', 'merdeka'],
    ['Jl. Jend. Sudirman Kav. 52', 'sudirman|no 52'],
    ['Jl. Sudirman No 52', 'sudirman|no 52'],
    ['Perum Griya Asri Blok C2 No. 5', 'griya asri|blok c2|no 5'],
    ['Gg. Mawar No. 7', 'mawar|no 7'],
    ['Kel. Sukamaju, Bandung', ''],
    ['', ''],
  ])('%s → %s', (raw, key) => {
    expect(addressKey(raw)).toBe(key);
  });

  it('gives variants of one address one key', () => {
    expect(addressKey('JLN MERDEKA NO.12 RT3/RW5')).toBe(addressKey('Jl. Merdeka No. 12 RT 003/RW 005'));
    expect(addressKey('Jl. Merdeke No. 12')).not.toBe(addressKey('Jl. Merdeka No. 14'));
  });

  it('also keys without RT/RW, so a short address meets a full one', () => {
    expect(addressBlockingKeys('Jl. Merdeka No. 12 RT 3 RW 5')).toEqual(['merdeka|no 12|rt 3 rw 5', 'merdeka|no 12']);
    expect(addressBlockingKeys('Jl. Merdeka No. 12')).toEqual(['merdeka|no 12']);
    expect(addressBlockingKeys('Bandung')).toEqual([]);
    expect(addressBlockingKeys('Merdeka 12, Bandung')).toEqual(['merdeka|no 12']);
    expect(addressBlockingKeys('')).toEqual([]);
  });
});
