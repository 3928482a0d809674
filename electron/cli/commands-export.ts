// `pird qa`, `pird export` and `pird library-settings`: the quality check, publish-ready bundles
// and the library settings they use (required status level, public base URL).
import type { ExportResult, Lang, LibrarySettings, QaRunResult } from '../core/contract.ts';
import { LANGUAGES } from '../core/contract.ts';
import { REQUIRED_STATUSES } from '../core/library-settings.ts';
import type { LibrarySettingsPatch, RequiredStatus } from '../core/library-settings.ts';
import type { QaFinding } from '../core/qa/qa.ts';
import { parseCommandArgs, UsageError, userPath } from './args.ts';
import { CommandFailed, call, libraryOption, openTable, plural, print } from './common.ts';

export const EXPORT_USAGE = `  qa       [--library DIR] ID... [--lang en,ar,ckb] [--json]   quality check; exit 1 when it finds errors
  export   [--library DIR] (ID... | --edition YYYY-MM-DD [--desk D]) --out DIR [--zip] [--force]
           [--lang en,ar,ckb] [--date ISO] [--json]   publish-ready bundles (QA errors block unless --force)
  library-settings [--library DIR] [--required-status translated|reviewed|approved [--desk D]]
           [--base-url URL] [--json]   the QA level the desks require and the newsroom's public URL`;

function parseLangs(value: string | undefined): Lang[] | undefined {
  if (value === undefined) return undefined;
  const langs = value
    .split(',')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (langs.length === 0) throw new UsageError('--lang needs at least one of en, ar, ckb');
  for (const lang of langs) {
    if (!(LANGUAGES as readonly string[]).includes(lang))
      throw new UsageError(`--lang: unknown language "${lang}" (expected en, ar, ckb)`);
  }
  return langs as Lang[];
}

function findingLine(f: QaFinding): string {
  return `${f.severity === 'error' ? 'ERROR  ' : 'warning'}  ${f.code.padEnd(21)}  ${f.message}`;
}

function qaReport(qa: QaRunResult, articleCount: number): string {
  const lines = qa.findings.map(findingLine);
  lines.push(
    `QA: ${plural(qa.summary.errors, 'error')}, ${plural(qa.summary.warnings, 'warning')} in ${plural(articleCount, 'article')}.`,
  );
  return lines.join('\n');
}

function exportReport(result: ExportResult): string {
  const lines = result.bundles.map((b) => `${b.path}${b.replaced ? '  (replaced)' : ''}`);
  if (result.edition) lines.push(result.edition);
  const { errors, warnings } = result.qa.summary;
  const overridden =
    errors > 0 ? `${plural(errors, 'error')} exported anyway (recorded in the manifests), ` : '';
  lines.push(
    `Exported ${plural(result.bundles.length, 'bundle')} (${result.languages.join(', ')}) to ${result.outDir}; QA: ${overridden}${plural(warnings, 'warning')}.`,
  );
  return lines.join('\n');
}

export const exportCommands: Record<string, (argv: string[]) => Promise<void>> = {
  async qa(argv) {
    const { values, positionals } = parseCommandArgs(argv, { ...libraryOption, lang: { type: 'string' } });
    if (positionals.length === 0) throw new UsageError('qa needs at least one article ID');
    const langs = parseLangs(values.lang);
    const { table } = await openTable(values.library, 'cli');
    const result = await call(table, 'qa.run', { ids: positionals, ...(langs ? { langs } : {}) });
    print(values.json, result, () => qaReport(result, new Set(positionals).size));
    if (result.summary.errors > 0)
      throw new CommandFailed(`QA found ${plural(result.summary.errors, 'error')}`, 1);
  },

  async export(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      ...libraryOption,
      out: { type: 'string' },
      zip: { type: 'boolean' },
      force: { type: 'boolean' },
      lang: { type: 'string' },
      date: { type: 'string' },
      edition: { type: 'string' },
      desk: { type: 'string' },
    });
    if (values.out === undefined || values.out === '') throw new UsageError('export needs --out DIR');
    if (values.edition === undefined && positionals.length === 0)
      throw new UsageError('export needs article IDs or --edition YYYY-MM-DD');
    if (values.edition !== undefined && positionals.length > 0)
      throw new UsageError('give either article IDs or --edition, not both');
    if (values.desk !== undefined && values.edition === undefined)
      throw new UsageError('--desk selects a desk of an edition: use it with --edition');
    if (values.edition !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.edition))
      throw new UsageError(`--edition must be a day as YYYY-MM-DD, got "${values.edition}"`);
    const langs = parseLangs(values.lang);
    const showProgress = !values.json && process.stderr.isTTY;
    const { table } = await openTable(values.library, 'cli', {
      onExportProgress: showProgress
        ? (done, total) => process.stderr.write(`\rExporting ${done}/${total}…${done === total ? '\n' : ''}`)
        : undefined,
    });
    const result = await call(table, 'bundle.export', {
      ...(values.edition !== undefined
        ? { edition: { date: values.edition, ...(values.desk !== undefined ? { desk: values.desk } : {}) } }
        : { ids: positionals }),
      outDir: userPath(values.out),
      ...(values.zip ? { zip: true } : {}),
      ...(values.force ? { force: true } : {}),
      ...(langs ? { langs } : {}),
      ...(values.date !== undefined ? { date: values.date } : {}),
    });
    if (result.status === 'blocked') {
      print(values.json, result, () =>
        qaReport(result.qa, new Set(result.qa.findings.map((f) => f.articleId)).size),
      );
      throw new CommandFailed(
        `QA found ${plural(result.qa.summary.errors, 'error')}: nothing was exported. Fix them, or export anyway with --force.`,
        1,
      );
    }
    print(values.json, result, () => exportReport(result));
  },

  async 'library-settings'(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      ...libraryOption,
      'required-status': { type: 'string' },
      desk: { type: 'string' },
      'base-url': { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);
    const level = values['required-status'];
    if (values.desk !== undefined && level === undefined)
      throw new UsageError(
        '--desk sets that desk\'s level: give --required-status too (or "inherit" to remove it)',
      );
    if (
      level !== undefined &&
      level !== 'inherit' &&
      !(REQUIRED_STATUSES as readonly string[]).includes(level)
    )
      throw new UsageError(
        `--required-status must be one of ${REQUIRED_STATUSES.join(', ')}, got "${level}"`,
      );
    if (level === 'inherit' && values.desk === undefined)
      throw new UsageError('"inherit" removes a desk\'s own level: use it with --desk');
    const patch: LibrarySettingsPatch = {};
    if (level !== undefined) {
      if (values.desk !== undefined)
        patch.deskRequiredStatus = { [values.desk]: level === 'inherit' ? null : (level as RequiredStatus) };
      else patch.requiredStatus = level as RequiredStatus;
    }
    if (values['base-url'] !== undefined) patch.baseUrl = values['base-url'];
    const { table } = await openTable(values.library, 'cli');
    const settings: LibrarySettings =
      Object.keys(patch).length > 0
        ? await call(table, 'librarySettings.update', patch)
        : await call(table, 'librarySettings.get', {});
    print(values.json, settings, () => {
      const desks = Object.entries(settings.deskRequiredStatus).map(([desk, s]) => `  ${desk}: ${s}`);
      return [
        `required status: ${settings.requiredStatus}`,
        ...(desks.length > 0 ? ['desks:', ...desks] : []),
        `base URL: ${settings.baseUrl ?? '(not set: links stay relative, ninjs uses urn:pird:)'}`,
      ].join('\n');
    });
  },
};
