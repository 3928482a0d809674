// The export form's remembered choices (per device) and the edition selection, which matches the
// core's: the articles whose edition date is the day, and of the desk when one is chosen.
import { LANGUAGES, isLang } from '../../../../electron/core/contract';
import type { ArticleSummary, Lang } from '../../../../electron/core/contract';

const STORAGE_KEY = 'pird.export';

export interface ExportPrefs {
  outDir: string;
  zip: boolean;
  langs: Lang[];
}

export function loadExportPrefs(): ExportPrefs {
  const fallback: ExportPrefs = { outDir: '', zip: false, langs: [...LANGUAGES] };
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<
      Record<keyof ExportPrefs, unknown>
    > | null;
    if (!stored || typeof stored !== 'object') return fallback;
    const storedLangs: unknown[] = Array.isArray(stored.langs) ? (stored.langs as unknown[]) : [];
    const langs = LANGUAGES.filter((lang) => storedLangs.some((value) => isLang(value) && value === lang));
    return {
      outDir: typeof stored.outDir === 'string' ? stored.outDir : '',
      zip: stored.zip === true,
      langs: langs.length > 0 ? langs : fallback.langs,
    };
  } catch {
    return fallback;
  }
}

export function saveExportPrefs(prefs: ExportPrefs): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(prefs));
  } catch {
    // Not remembering the folder is harmless.
  }
}

/** An absolute path on any desk's machine: /home/…, C:\…, C:/…, or a \\server\share. */
export function looksAbsolute(value: string): boolean {
  return /^(?:\/|[A-Za-z]:[\\/]|\\\\)/.test(value.trim());
}

export function editionArticles(
  articles: readonly ArticleSummary[],
  date: string,
  desk: string,
): ArticleSummary[] {
  if (date === '') return [];
  return articles.filter((a) => a.editionDate === date && (desk === '' || a.desk === desk));
}

export function editionDesks(articles: readonly ArticleSummary[], date: string): string[] {
  const desks = editionArticles(articles, date, '')
    .map((a) => a.desk)
    .filter(Boolean);
  return [...new Set(desks)].sort((a, b) => a.localeCompare(b));
}

/** The edition to offer first: the latest day any article is scheduled for, else today. */
export function defaultEditionDate(articles: readonly ArticleSummary[], today = new Date()): string {
  const dates = articles.map((a) => a.editionDate).filter((d): d is string => d !== null);
  if (dates.length > 0) return dates.sort().at(-1) ?? '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
}
