// i18next setup: bundled resources (offline), Pird's own number formatter (Chromium has no Sorani
// data), and the one place where <html lang dir> follows the UI language.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../../../locales/en/translation.json';
import ar from '../../../locales/ar/translation.json';
import ckb from '../../../locales/ckb/translation.json';
import { formatNumber } from './format.ts';
import { directionOf, HTML_LANG, I18NEXT_LNG, uiLanguageFromI18next } from './languages.ts';
import type { UiLanguage } from './languages.ts';

export const i18n = i18next.createInstance();

/** The single place that sets the document's language and direction. */
function applyDocumentLanguage(lng: string): void {
  const lang = uiLanguageFromI18next(lng);
  const root = document.documentElement;
  root.lang = HTML_LANG[lang];
  root.dir = directionOf(lang);
}

const NUMBER_OPTION_KEYS = [
  'style',
  'unit',
  'unitDisplay',
  'minimumIntegerDigits',
  'minimumFractionDigits',
  'maximumFractionDigits',
  'useGrouping',
  'notation',
  'signDisplay',
] as const;

/** i18next hands the formatter every t() option (count, lng…): keep only Intl's own. */
function pickNumberOptions(options: unknown): Intl.NumberFormatOptions | undefined {
  if (typeof options !== 'object' || options === null) return undefined;
  const source = options as Record<string, unknown>;
  const entries = NUMBER_OPTION_KEYS.filter((key) => source[key] !== undefined).map((key) => [
    key,
    source[key],
  ]);
  return entries.length > 0 ? (Object.fromEntries(entries) as Intl.NumberFormatOptions) : undefined;
}

export function initI18n(initial: UiLanguage): typeof i18n {
  i18n.on('languageChanged', applyDocumentLanguage);
  void i18n.use(initReactI18next).init({
    resources: { en: { translation: en }, ar: { translation: ar }, ckb: { translation: ckb } },
    lng: I18NEXT_LNG[initial],
    fallbackLng: 'en',
    initAsync: false,
    interpolation: { escapeValue: false }, // React escapes; double escaping would show &amp;
    returnNull: false,
    react: { useSuspense: false },
  });
  // `{{count, number}}` must give Arabic-Indic digits in ar and ckb; i18next's default would pass
  // `ckb` to Intl, which Chromium formats as en-US.
  i18n.services.formatter?.add('number', (value: unknown, lng: string | undefined, options: unknown) =>
    typeof value === 'number'
      ? formatNumber(uiLanguageFromI18next(lng), value, pickNumberOptions(options))
      : String(value),
  );
  applyDocumentLanguage(i18n.language);
  return i18n;
}

export function currentUiLanguage(): UiLanguage {
  return uiLanguageFromI18next(i18n.language);
}

export async function changeUiLanguage(lang: UiLanguage): Promise<void> {
  await i18n.changeLanguage(I18NEXT_LNG[lang]);
}
