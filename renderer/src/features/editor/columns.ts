import { LANGUAGES, isLang } from '../../../../electron/core/contract';
import type { Lang } from '../../../../electron/core/contract';

const STORAGE_KEY = 'pird.editor.languages';

/** Which languages the editor shows is a per-device preference (2 or 3 of en/ar/ckb). */
export function loadShownLanguages(): Lang[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (Array.isArray(parsed)) {
      const langs = LANGUAGES.filter((lang) => parsed.some((value) => isLang(value) && value === lang));
      if (langs.length >= 2) return langs;
    }
  } catch {
    // A damaged preference falls back to all three languages.
  }
  return [...LANGUAGES];
}

export function saveShownLanguages(langs: readonly Lang[]): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(langs));
  } catch {
    // Not persisting a view preference is harmless.
  }
}

/** The source language first in reading order, then the others in their usual order. */
export function columnOrder(shown: readonly Lang[], sourceLang: Lang): Lang[] {
  return [sourceLang, ...LANGUAGES.filter((lang) => lang !== sourceLang && shown.includes(lang))];
}
