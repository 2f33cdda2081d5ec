import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import id from '../../renderer/i18n/id.json';
import en from '../../renderer/i18n/en.json';
import { createI18n } from '../../renderer/i18n';
import { formatCalendarDate, formatDate, formatRupiah } from '../../renderer/i18n/format';
import { strings as authStrings } from '../../renderer/features/auth/strings';
import { strings as careStrings } from '../../renderer/features/care/strings';
import { strings as dedupStrings } from '../../renderer/features/dedupReview/strings';
import { reportStrings } from '../../renderer/features/reports/strings';
import { staffStrings } from '../../renderer/features/staff/strings';

function entriesOf(value: unknown, prefix = ''): [string, string][] {
  if (typeof value !== 'object' || value === null) return [[prefix, String(value)]];
  return Object.entries(value).flatMap(([k, v]) => entriesOf(v, prefix ? `${prefix}.${k}` : k));
}

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sourceFiles(file) : /\.tsx?$/.test(name) ? [file] : [];
  });
}

/** Every message key the core can send: literal `error.x` strings, plus the NIK keys it builds from a problem name. */
function coreErrorKeys(): string[] {
  const root = path.resolve(__dirname, '../..');
  const keys = new Set<string>(['error.nik_format', 'error.nik_province', 'error.nik_birth_date', 'error.nik_serial', 'error.nik_birth_date_mismatch', 'error.nik_gender_mismatch', 'error.unauthorized', 'error.bad_request', 'error.too_large', 'error.validation']);
  for (const file of [...sourceFiles(path.join(root, 'electron')), ...sourceFiles(path.join(root, 'shared'))]) {
    for (const match of readFileSync(file, 'utf8').matchAll(/['"`](error\.[a-z_]+)['"`]/g)) keys.add(match[1]!);
  }
  return [...keys].sort();
}

describe('translations', () => {
  it('Indonesian and English have exactly the same keys', () => {
    expect(keysOf(en).sort()).toEqual(keysOf(id).sort());
  });

  it('every error key the core sends has an Indonesian and an English message', () => {
    const keys = coreErrorKeys();
    expect(keys.length).toBeGreaterThan(25);
    const idKeys = new Set(keysOf(id));
    const enKeys = new Set(keysOf(en));
    expect(keys.filter((k) => !idKeys.has(k))).toEqual([]);
    expect(keys.filter((k) => !enKeys.has(k))).toEqual([]);
  });

  it('English counts of things use plural forms ("1 cluster", "2 clusters"), in the app and in every feature', () => {
    const english = [en, authStrings.en, careStrings.en, dedupStrings.en, reportStrings.en, staffStrings.en].flatMap((s) => entriesOf(s));
    // "{{count}} clusters" under a key without _one/_other reads "1 clusters".
    const unplural = english.filter(([key, text]) => /\{\{count(, number)?\}\} [a-z]+s\b/.test(text) && !/_(one|other)$/.test(key));
    expect(unplural.map(([key]) => key)).toEqual([]);
    const keys = new Set(english.map(([key]) => key));
    const others = [...keys].filter((k) => k.endsWith('_other'));
    expect(others.filter((k) => !keys.has(k.replace(/_other$/, '_one')))).toEqual([]);
  });

  it('Bahasa Indonesia is the default and plurals work in both languages', () => {
    const i18n = createI18n('id');
    expect(i18n.t('status.pending', { count: 0 })).toBe('0 perubahan menunggu unggah');
    void i18n.changeLanguage('en');
    expect(i18n.t('status.pending', { count: 1 })).toBe('1 change waiting to upload');
    expect(i18n.t('status.pending', { count: 2 })).toBe('2 changes waiting to upload');
  });
});

describe('formats', () => {
  it('rupiah with dots for thousands and no minor unit', () => {
    expect(formatRupiah(1_250_000).replace(/\s/g, ' ')).toBe('Rp 1.250.000');
  });
  it('dates day first, month names in the chosen language, instants in WIB', () => {
    expect(formatCalendarDate('1990-03-05', 'id')).toBe('5 Maret 1990');
    expect(formatCalendarDate('1990-03-05', 'en')).toBe('5 March 1990');
    // 20:00 UTC on 31 Dec is already 1 Jan in Jakarta.
    expect(formatDate('2025-12-31T20:00:00Z', 'id')).toBe('1 Jan 2026');
    expect(formatDate('2025-08-17T03:00:00Z', 'id')).toBe('17 Agu 2025');
  });
});
