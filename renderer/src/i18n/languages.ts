// How each UI language maps onto i18next and Intl. Directions come from the contract, never from text.
import { LANGUAGE_DIRECTION, LANGUAGES } from '../../../electron/core/contract';
import type { Lang } from '../../../electron/core/contract';

export type UiLanguage = Lang;
export const UI_LANGUAGES: readonly UiLanguage[] = LANGUAGES;

/**
 * The language code i18next runs with. Arabic runs as ar-IQ so Intl gives Iraqi month names and
 * Arabic-Indic digits (bare `ar` resolves to Egypt's data); resources stay under `ar/`.
 */
export const I18NEXT_LNG: Record<UiLanguage, string> = { en: 'en', ar: 'ar-IQ', ckb: 'ckb' };

/**
 * The Intl locale used for numbers. Chromium ships no `ckb` data and silently formats it as en-US,
 * so Sorani borrows ar-IQ's Arabic-Indic digits and separators (٬ ٫), which Sorani shares.
 */
export const NUMBER_LOCALE: Record<UiLanguage, string> = { en: 'en-GB', ar: 'ar-IQ', ckb: 'ar-IQ' };

/** Plural rules: Chromium does have ckb plural data, and i18next picks suffixes with these. */
export const PLURAL_LOCALE: Record<UiLanguage, string> = { en: 'en', ar: 'ar-IQ', ckb: 'ckb' };

/** `<html lang>`: the plain BCP 47 code (ar-IQ is a formatting choice, not the document's language). */
export const HTML_LANG: Record<UiLanguage, string> = { en: 'en', ar: 'ar', ckb: 'ckb' };

/**
 * Each language in its own name and script, for the language picker: identical in every UI language,
 * so they are data rather than translations (ui-terms §4: hard-coded, not Intl.DisplayNames).
 */
export const OWN_LANGUAGE_NAME: Record<UiLanguage, string> = { en: 'English', ar: 'العربية', ckb: 'کوردی' };

export function directionOf(lang: Lang): 'ltr' | 'rtl' {
  return LANGUAGE_DIRECTION[lang];
}

export function uiLanguageFromI18next(lng: string | undefined): UiLanguage {
  if (!lng) return 'en';
  const base = lng.toLowerCase().split('-')[0];
  if (base === 'ar') return 'ar';
  if (base === 'ckb') return 'ckb';
  return 'en';
}

/** Arabic-script content (ar, ckb) uses the bundled Vazirmatn, which covers ڕ ڵ ێ ۆ ە ھ and ZWNJ joining. */
export const ARABIC_SCRIPT_FONT = "'Vazirmatn', 'Noto Naskh Arabic', sans-serif";

export function contentFontFamily(lang: Lang): string | undefined {
  return lang === 'en' ? undefined : ARABIC_SCRIPT_FONT;
}
