import { LANGUAGES } from '../../../../electron/core/contract';
import type { ArticleSummary, Lang } from '../../../../electron/core/contract';

/** The headline in the UI language if it has text, else the source language's, else any; with its language. */
export function displayHeadline(article: ArticleSummary, uiLang: Lang): { text: string; lang: Lang } | null {
  const order: Lang[] = [uiLang, article.sourceLang, ...LANGUAGES];
  for (const lang of order) {
    const text = article.headline[lang]?.trim();
    if (text) return { text, lang };
  }
  return null;
}

export function translatedCount(progress: ArticleSummary['progress'][Lang]): number {
  const { byStatus } = progress;
  return byStatus.translated + byStatus.reviewed + byStatus.approved;
}
