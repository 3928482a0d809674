// Human-readable output of the CLI; `--json` prints the contract's result objects unchanged.
import type { Article, ArticleList, Lang } from '../core/contract.ts';
import { LANGUAGES } from '../core/contract.ts';
import { needsUpdate } from '../core/needs-update.ts';

function progressLine(list: ArticleList['articles'][number], lang: Lang): string {
  const p = list.progress[lang];
  const done = p.byStatus.translated + p.byStatus.reviewed + p.byStatus.approved;
  const stale = p.needsUpdate > 0 ? ` (${p.needsUpdate} to update)` : '';
  return `${lang} ${done}/${p.total}${stale}`;
}

export function formatList(list: ArticleList): string {
  const lines: string[] = [];
  for (const article of list.articles) {
    const headline = article.headline[article.sourceLang] || '(no headline)';
    const progress = LANGUAGES.map((lang) => progressLine(article, lang)).join('  ');
    lines.push(
      `${article.id}\t${article.desk || '-'}\t${article.editionDate ?? '-'}\t${progress}\t${headline}`,
    );
  }
  for (const bad of list.unreadable) {
    lines.push(`UNREADABLE\t${bad.file}\t${bad.code}: ${bad.reason}`);
  }
  if (lines.length === 0) lines.push('The library is empty. Add articles with `pird import FILE...`.');
  return lines.join('\n');
}

export function formatArticle(article: Article): string {
  const m = article.meta;
  const lines = [
    `${article.id}  (source: ${article.sourceLang}, revision ${article.revision}, updated ${article.updatedAt})`,
    `desk: ${m.desk || '-'}  edition: ${m.editionDate ?? '-'}  byline: ${m.byline || '-'}  tags: ${m.tags.join(', ') || '-'}  slug: ${m.slug}`,
  ];
  for (const segment of article.segments) {
    lines.push('', `[${segment.id}] ${segment.kind}`);
    for (const lang of LANGUAGES) {
      const version = segment.versions[lang];
      // The mark says the source changed after this translation was made (needs-update.ts).
      const stale = needsUpdate(segment, lang, article.sourceLang) ? '[needs update] ' : '';
      lines.push(`  ${lang.padEnd(3)} ${version.status.padEnd(10)} ${stale}${version.text}`);
    }
  }
  return lines.join('\n');
}
