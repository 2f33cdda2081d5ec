import i18next, { type TFunction } from 'i18next';
import type { AkrabErrorShape } from '../../shared/errors';
import en from '../../renderer/i18n/en.json';
import id from '../../renderer/i18n/id.json';

export type CliLanguage = 'id' | 'en';

let instance: Promise<TFunction> | null = null;

/** The app's own message catalogue (the one the UI uses), so a key reads the same in the terminal as on screen. */
function translator(): Promise<TFunction> {
  instance ??= (async () => {
    const i18n = i18next.createInstance();
    await i18n.init({
      resources: { id: { translation: id }, en: { translation: en } },
      lng: 'en',
      fallbackLng: 'en',
      interpolation: { escapeValue: false },
      returnNull: false,
    });
    return i18n.t.bind(i18n) as TFunction;
  })();
  return instance;
}

/**
 * The CLI's language: `--lang id|en` where the command takes it (a report's language is the operator's), else
 * `AKRAB_LANG`, else English.
 */
export function cliLanguage(argv: string[], env: NodeJS.ProcessEnv = process.env): CliLanguage {
  const at = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const value = at < 0 ? env.AKRAB_LANG : argv[at]!.includes('=') ? argv[at]!.split('=')[1] : argv[at + 1];
  return value === 'id' ? 'id' : 'en';
}

/** A message key in words, filled with its params (a warning's, a notice's): the words alone, no values added. */
export async function message(key: string, params: Record<string, unknown>, language: CliLanguage): Promise<string> {
  const t = await translator();
  return String(t(key, { ...params, lng: language, defaultValue: key }));
}

/** `error.outlet_unknown` with `{ code: 'XYZ' }` → `Unknown outlet. (XYZ)`: the words, and any value they leave out. */
export async function errorMessage(error: AkrabErrorShape, language: CliLanguage): Promise<string> {
  const t = await translator();
  const params = error.params ?? {};
  const text = t(error.messageKey, { ...params, lng: language, defaultValue: error.messageKey });
  const template = String(t(error.messageKey, { lng: language, defaultValue: '', interpolation: { skipOnVariables: true } }));
  const unused = Object.entries(params)
    .filter(([key, value]) => !template.includes(`{{${key}`) && String(value) !== '')
    .map(([, value]) => String(value));
  // Each issue names its field: a rule's five numbers can all be "a whole number of rupiah".
  const issues = await Promise.all((error.issues ?? []).map(async (issue) => `${issue.field ? `${issue.field}: ` : ''}${await errorMessage(issue, language)}`));
  return [`${text}${unused.length ? ` (${unused.join(', ')})` : ''}`, ...issues.map((i) => `  - ${i}`)].join('\n');
}
