// Progress per desk or per edition: segments and words per language and status, added up from the
// library's article summaries (index.json holds them, word counts included), so a report over
// 10,000 articles reads no article file.
import type { ArticleSummary, Lang, Status } from '../model.ts';
import { LANGUAGES, STATUSES } from '../model.ts';

export type ProgressGroupBy = 'desk' | 'edition';

export interface ProgressCounts {
  total: number;
  byStatus: Record<Status, number>;
}

export interface LanguageTotals {
  segments: ProgressCounts;
  words: ProgressCounts;
  /** Translations whose source changed after they were made. */
  needsUpdate: number;
}

export interface ProgressGroup {
  /** The desk's name ('' for articles without one), or the edition date (null: not scheduled). */
  key: string | null;
  articles: number;
  languages: Record<Lang, LanguageTotals>;
}

export interface ProgressReport {
  groupBy: ProgressGroupBy;
  /** Sorted: desks by name, editions newest first; the group without a desk or date last. */
  groups: ProgressGroup[];
  /** All the articles the report covers. */
  total: ProgressGroup;
}

export interface ProgressRequest {
  groupBy: ProgressGroupBy;
  /** Only this desk's articles. */
  desk?: string | undefined;
  /** Only this edition's articles. */
  editionDate?: string | undefined;
}

function emptyCounts(): ProgressCounts {
  return { total: 0, byStatus: { empty: 0, draft: 0, translated: 0, reviewed: 0, approved: 0 } };
}

function emptyGroup(key: string | null): ProgressGroup {
  const languages = {} as Record<Lang, LanguageTotals>;
  for (const lang of LANGUAGES)
    languages[lang] = { segments: emptyCounts(), words: emptyCounts(), needsUpdate: 0 };
  return { key, articles: 0, languages };
}

function addArticle(group: ProgressGroup, article: ArticleSummary): void {
  group.articles += 1;
  for (const lang of LANGUAGES) {
    const from = article.progress[lang];
    const to = group.languages[lang];
    for (const status of STATUSES) {
      const segments = from.byStatus[status];
      const words = from.words[status];
      to.segments.byStatus[status] += segments;
      to.segments.total += segments;
      to.words.byStatus[status] += words;
      to.words.total += words;
    }
    to.needsUpdate += from.needsUpdate;
  }
}

function compareKeys(groupBy: ProgressGroupBy, a: string | null, b: string | null): number {
  // The group without a desk or an edition comes last.
  if (a === null || a === '') return b === null || b === '' ? 0 : 1;
  if (b === null || b === '') return -1;
  if (groupBy === 'edition') return a < b ? 1 : a > b ? -1 : 0;
  return a.localeCompare(b, 'en', { sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0);
}

export function buildProgressReport(
  articles: readonly ArticleSummary[],
  request: ProgressRequest,
): ProgressReport {
  const groups = new Map<string | null, ProgressGroup>();
  const total = emptyGroup(null);
  for (const article of articles) {
    if (request.desk !== undefined && article.desk !== request.desk) continue;
    if (request.editionDate !== undefined && article.editionDate !== request.editionDate) continue;
    const key = request.groupBy === 'desk' ? article.desk : article.editionDate;
    let group = groups.get(key);
    if (group === undefined) {
      group = emptyGroup(key);
      groups.set(key, group);
    }
    addArticle(group, article);
    addArticle(total, article);
  }
  return {
    groupBy: request.groupBy,
    groups: [...groups.values()].sort((a, b) => compareKeys(request.groupBy, a.key, b.key)),
    total,
  };
}

/** Segments or words done in a language: translated, reviewed or approved. */
export function doneCount(counts: ProgressCounts): number {
  return counts.byStatus.translated + counts.byStatus.reviewed + counts.byStatus.approved;
}
