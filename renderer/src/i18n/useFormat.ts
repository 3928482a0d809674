import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { createFormatters } from './format.ts';
import type { Formatters } from './format.ts';
import { uiLanguageFromI18next } from './languages.ts';

/** Formatters bound to the current UI language; re-created when the language changes. */
export function useFormat(): Formatters {
  const { t, i18n } = useTranslation();
  const lang = uiLanguageFromI18next(i18n.language);
  return useMemo(() => createFormatters(lang, t), [lang, t]);
}

/** Isolates interpolated names and headlines (FSI … PDI) so a Latin name cannot reorder RTL chrome. */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}
