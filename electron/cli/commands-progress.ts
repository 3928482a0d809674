// `pird progress`: words and segments per language and status, per desk or per edition, over the
// same channel as the app's progress view (progress.report).
import type { Lang, ProgressGroup, ProgressReport } from '../core/contract.ts';
import { LANGUAGES, STATUSES } from '../core/contract.ts';
import { doneCount } from '../core/progress/progress-report.ts';
import { parseCommandArgs, UsageError } from './args.ts';
import { call, libraryOption, openTable, print } from './common.ts';

export const PROGRESS_USAGE = `  progress [--library DIR] [--by desk|edition] [--desk D] [--edition YYYY-MM-DD] [--json]
           words and segments per language and status, per desk (default) or per edition`;

function groupName(report: ProgressReport, group: ProgressGroup): string {
  if (report.groupBy === 'desk') return group.key ? group.key : '(no desk)';
  return group.key ?? '(no edition)';
}

function languageLine(group: ProgressGroup, lang: Lang): string {
  const { segments, words, needsUpdate } = group.languages[lang];
  const byStatus = STATUSES.map((s) => `${s} ${words.byStatus[s]}/${segments.byStatus[s]}`).join('  ');
  const stale = needsUpdate > 0 ? `  (${needsUpdate} to update)` : '';
  return `  ${lang.padEnd(3)} segments ${doneCount(segments)}/${segments.total} done, words ${doneCount(words)} done   [words/segments: ${byStatus}]${stale}`;
}

export function progressReportText(report: ProgressReport): string {
  if (report.total.articles === 0) return 'No articles match.';
  const lines: string[] = [];
  const rows: [string, ProgressGroup][] = report.groups.map((g) => [groupName(report, g), g]);
  rows.push(['All', report.total]);
  for (const [name, group] of rows) {
    lines.push(`${name}  (${group.articles} ${group.articles === 1 ? 'article' : 'articles'})`);
    for (const lang of LANGUAGES) lines.push(languageLine(group, lang));
  }
  return lines.join('\n');
}

export const progressCommands: Record<string, (argv: string[]) => Promise<void>> = {
  async progress(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      ...libraryOption,
      by: { type: 'string' },
      desk: { type: 'string' },
      edition: { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`progress takes no arguments, got "${positionals[0]}"`);
    const by = values.by ?? 'desk';
    if (by !== 'desk' && by !== 'edition') throw new UsageError(`--by must be desk or edition, got "${by}"`);
    const { table } = await openTable(values.library, 'cli');
    const report = await call(table, 'progress.report', {
      groupBy: by,
      ...(values.desk !== undefined ? { desk: values.desk } : {}),
      ...(values.edition !== undefined ? { editionDate: values.edition } : {}),
    });
    print(values.json, report, () => progressReportText(report));
  },
};
