// `pird search`, `pird tm`, `pird concordance`, `pird xliff`, `pird glossary` and `pird tmx`: the
// translator's toolkit (issue 5) over the same channels as the app (search.query, tm.*, xliff.*,
// glossary.*, tmx.*).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type {
  ConcordanceResult,
  GlossaryEntry,
  Lang,
  SearchResult,
  TextRange,
  TmPairOrigin,
  TmSuggestResult,
  XliffImportResult,
} from '../core/contract.ts';
import { LANGUAGES } from '../core/contract.ts';
import { parseCommandArgs, UsageError, userPath } from './args.ts';
import {
  CommandFailed,
  USAGE_EXIT,
  call,
  libraryOption,
  onePositional,
  openTable,
  plural,
  print,
} from './common.ts';

export const TOOLKIT_USAGE = `  search   [--library DIR] QUERY... [--lang en|ar|ckb] [--limit N] [--json]   search every article
           (Arabic-script aware: tashkeel, hamza forms, ک/ك ی/ي ە/ه, ZWNJ and digit systems fold)
  tm       [--library DIR] ID --segment SEG --lang en|ar|ckb [--min-match N] [--limit N] [--json]
           translation-memory suggestions for one segment (reviewed or approved translations)
  concordance [--library DIR] PHRASE... --target en|ar|ckb [--source en|ar|ckb] [--limit N] [--json]
  xliff export [--library DIR] ID --source en|ar|ckb --target en|ar|ckb --out FILE [--json]
  xliff import [--library DIR] FILE [--json]   XLIFF 2.0 for CAT tools; import checks the alignment
  glossary import [--library DIR] FILE [--json]   CSV (en,ar,ckb,note) or TBX, by the file's extension
  glossary export [--library DIR] --format csv|tbx --out FILE [--json]
  glossary list [--library DIR] [--json]
  glossary add [--library DIR] [--en TERM] [--ar TERM] [--ckb TERM] [--note NOTE] [--json]
  glossary edit [--library DIR] ID [--en TERM] [--ar TERM] [--ckb TERM] [--note NOTE] [--json]
           edit changes what is given ("" removes a term or the note); no two entries share a term
  glossary remove [--library DIR] ID [--json]
  tmx export [--library DIR] --source en|ar|ckb --target en|ar|ckb --out FILE [--json]
           the translation memory (reviewed or approved pairs) as TMX 1.4b
  tmx import [--library DIR] FILE [--json]   stored in the library as tm-imported.json, used by tm
  tmx imported [--library DIR] [--json]   how many imported pairs, per language direction
  tmx clear-imported [--library DIR] [--json]   empties the imported memory`;

function langOption(value: string | undefined, option: string): Lang | undefined {
  if (value === undefined) return undefined;
  if (!(LANGUAGES as readonly string[]).includes(value))
    throw new UsageError(`${option}: unknown language "${value}" (expected ${LANGUAGES.join(', ')})`);
  return value as Lang;
}

function requiredLang(value: string | undefined, option: string, command: string): Lang {
  const lang = langOption(value, option);
  if (lang === undefined) throw new UsageError(`${command} needs ${option} ${LANGUAGES.join('|')}`);
  return lang;
}

function intOption(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${option} must be a positive whole number, got "${value}"`);
  return n;
}

/** The text around the first ranges, with each range in [brackets]; long texts are cut with "…". */
export function markRanges(text: string, ranges: TextRange[], context = 60): string {
  if (ranges.length === 0) return text.length > 2 * context ? `${text.slice(0, 2 * context)}…` : text;
  const from = Math.max(0, ranges[0]!.start - context);
  const to = Math.min(text.length, ranges[ranges.length - 1]!.end + context);
  let out = from > 0 ? '…' : '';
  let at = from;
  for (const range of ranges) {
    if (range.start < at || range.end > to) continue;
    out += `${text.slice(at, range.start)}[${text.slice(range.start, range.end)}]`;
    at = range.end;
  }
  return out + text.slice(at, to) + (to < text.length ? '…' : '');
}

function searchReport(result: SearchResult): string {
  if (result.total === 0) return `No article matches "${result.query}".`;
  const lines: string[] = [];
  for (const group of result.groups) {
    const headline = group.headline.en || group.headline.ar || group.headline.ckb || '(no headline)';
    lines.push(`${group.articleId}  ${headline}`);
    for (const hit of group.hits)
      lines.push(
        `  ${hit.lang.padEnd(3)} ${hit.segmentId.padEnd(10)} ${markRanges(hit.text, hit.highlights)}`,
      );
    if (group.hitCount > group.hits.length)
      lines.push(`  … ${group.hitCount - group.hits.length} more segments`);
  }
  const shown = result.groups.length < result.total ? ` (showing ${result.groups.length})` : '';
  lines.push(
    `${result.total} article${result.total === 1 ? '' : 's'} match${result.total === 1 ? 'es' : ''}${shown}.`,
  );
  return lines.join('\n');
}

/**
 * Where a memory pair is (`<status>  <article> <segment>`, or that it was imported from a TMX
 * file), then who last changed it and when, where known.
 */
function pairPlace(pair: TmPairOrigin & { changedBy: string | null; changedAt: string | null }): string {
  const place =
    pair.from === 'imported' ? 'imported (TMX)' : `${pair.status}  ${pair.articleId} ${pair.segmentId}`;
  const who = [pair.changedBy, pair.changedAt].filter((part) => part !== null && part !== '');
  return who.length > 0 ? `${place}  (${who.join(', ')})` : place;
}

/** One line per entry: its id, its terms by language, its note. */
function glossaryReport(entries: readonly GlossaryEntry[]): string {
  if (entries.length === 0) return 'The glossary is empty.';
  return entries
    .map((entry) => {
      const terms = LANGUAGES.flatMap((lang) => {
        const term = entry.terms[lang];
        return term === undefined ? [] : [`${lang}: ${term}`];
      });
      return `${entry.id}  ${terms.join(' | ')}${entry.note !== undefined ? `  (${entry.note})` : ''}`;
    })
    .join('\n');
}

function tmReport(result: TmSuggestResult): string {
  const lines = [`source (${result.sourceLang}): ${result.source || '(empty)'}`];
  if (result.suggestions.length === 0) lines.push(`No ${result.targetLang} suggestions.`);
  for (const s of result.suggestions) {
    lines.push(
      '',
      `${String(s.match).padStart(3)}%  ${pairPlace(s)}`,
      `      ${result.sourceLang}: ${markRanges(s.source, s.diff.source, 1e6)}`,
      `      ${result.targetLang}: ${s.target}`,
    );
  }
  return lines.join('\n');
}

function concordanceReport(result: ConcordanceResult): string {
  if (result.entries.length === 0) return `No translation holds "${result.phrase}".`;
  return result.entries
    .map(
      (e) =>
        `${pairPlace(e)}\n  ${e.sourceLang}: ${markRanges(e.source, e.highlights)}\n  ${e.targetLang}: ${e.target}`,
    )
    .join('\n');
}

export const toolkitCommands: Record<string, (argv: string[]) => Promise<void>> = {
  async search(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      ...libraryOption,
      lang: { type: 'string' },
      limit: { type: 'string' },
    });
    if (positionals.length === 0) throw new UsageError('search needs a QUERY');
    const lang = langOption(values.lang, '--lang');
    const limit = intOption(values.limit, '--limit');
    const { table } = await openTable(values.library, 'cli');
    const result = await call(table, 'search.query', {
      query: positionals.join(' '),
      ...(lang ? { lang } : {}),
      ...(limit ? { limit } : {}),
    });
    print(values.json, result, () => searchReport(result));
  },

  async tm(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      ...libraryOption,
      segment: { type: 'string' },
      lang: { type: 'string' },
      'min-match': { type: 'string' },
      limit: { type: 'string' },
    });
    const id = onePositional(positionals, 'article ID');
    if (values.segment === undefined) throw new UsageError('tm needs --segment SEG');
    const lang = requiredLang(values.lang, '--lang', 'tm');
    const minMatch = intOption(values['min-match'], '--min-match');
    const limit = intOption(values.limit, '--limit');
    const { table } = await openTable(values.library, 'cli');
    const result = await call(table, 'tm.suggest', {
      articleId: id,
      segmentId: values.segment,
      lang,
      ...(minMatch ? { minMatch } : {}),
      ...(limit ? { limit } : {}),
    });
    print(values.json, result, () => tmReport(result));
  },

  async concordance(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      ...libraryOption,
      source: { type: 'string' },
      target: { type: 'string' },
      limit: { type: 'string' },
    });
    if (positionals.length === 0) throw new UsageError('concordance needs a PHRASE');
    const targetLang = requiredLang(values.target, '--target', 'concordance');
    const sourceLang = langOption(values.source, '--source');
    const limit = intOption(values.limit, '--limit');
    const { table } = await openTable(values.library, 'cli');
    const result = await call(table, 'tm.concordance', {
      phrase: positionals.join(' '),
      targetLang,
      ...(sourceLang ? { sourceLang } : {}),
      ...(limit ? { limit } : {}),
    });
    print(values.json, result, () => concordanceReport(result));
  },

  async xliff(argv) {
    const [action, ...rest] = argv;
    if (action === 'export') {
      const { values, positionals } = parseCommandArgs(rest, {
        ...libraryOption,
        source: { type: 'string' },
        target: { type: 'string' },
        out: { type: 'string' },
      });
      const id = onePositional(positionals, 'article ID');
      const sourceLang = requiredLang(values.source, '--source', 'xliff export');
      const targetLang = requiredLang(values.target, '--target', 'xliff export');
      if (values.out === undefined || values.out === '')
        throw new UsageError('xliff export needs --out FILE');
      const { table } = await openTable(values.library, 'cli');
      const exported = await call(table, 'xliff.export', { id, sourceLang, targetLang });
      const out = userPath(values.out);
      await fs.writeFile(out, exported.content, 'utf8');
      print(
        values.json,
        { path: out, fileName: exported.fileName, units: exported.units },
        () => `wrote ${out} (${exported.units} units, ${sourceLang} → ${targetLang})`,
      );
      return;
    }
    if (action === 'import') {
      const { values, positionals } = parseCommandArgs(rest, libraryOption);
      const file = onePositional(positionals, 'FILE');
      let content: string;
      try {
        content = await fs.readFile(userPath(file), 'utf8');
      } catch (error) {
        throw new CommandFailed(`cannot read ${file}: ${(error as Error).message}`, USAGE_EXIT);
      }
      const { table } = await openTable(values.library, 'cli');
      const result: XliffImportResult = await call(table, 'xliff.import', { content });
      print(values.json, result, () => {
        const missing =
          result.missing.length > 0 ? `; not in the file (untouched): ${result.missing.join(', ')}` : '';
        return `imported ${result.articleId} ${result.targetLang}: ${result.updated.length} of ${result.units} segments changed${missing}`;
      });
      return;
    }
    throw new UsageError('xliff needs "export" or "import"');
  },

  async glossary(argv) {
    const [action, ...rest] = argv;
    if (action === 'import') {
      const { values, positionals } = parseCommandArgs(rest, libraryOption);
      const file = onePositional(positionals, 'FILE');
      const extension = path.extname(file).toLowerCase();
      const format = extension === '.csv' ? 'csv' : extension === '.tbx' ? 'tbx' : null;
      if (format === null)
        throw new UsageError(`glossary import reads .csv or .tbx files, got "${path.basename(file)}"`);
      const content = await readInput(file);
      const { table } = await openTable(values.library, 'cli');
      const result = await call(table, 'glossary.import', { format, content });
      print(
        values.json,
        result,
        () =>
          `imported ${result.entries} entries (${result.added} added, ${result.updated} updated); the glossary holds ${result.total}`,
      );
      return;
    }
    if (action === 'export') {
      const { values } = parseCommandArgs(rest, {
        ...libraryOption,
        format: { type: 'string' },
        out: { type: 'string' },
      });
      const format = values.format;
      if (format !== 'csv' && format !== 'tbx')
        throw new UsageError('glossary export needs --format csv|tbx');
      if (values.out === undefined || values.out === '')
        throw new UsageError('glossary export needs --out FILE');
      const { table } = await openTable(values.library, 'cli');
      const exported = await call(table, 'glossary.export', { format });
      const out = userPath(values.out);
      await fs.writeFile(out, exported.content, 'utf8');
      print(
        values.json,
        { path: out, entries: exported.entries },
        () => `wrote ${out} (${exported.entries} entries)`,
      );
      return;
    }
    if (action === 'list') {
      const { values, positionals } = parseCommandArgs(rest, libraryOption);
      if (positionals.length > 0) throw new UsageError('glossary list takes no arguments');
      const { table } = await openTable(values.library, 'cli');
      const list = await call(table, 'glossary.list', {});
      print(values.json, list, () => glossaryReport(list.entries));
      return;
    }
    if (action === 'add' || action === 'edit') {
      const { values, positionals } = parseCommandArgs(rest, {
        ...libraryOption,
        en: { type: 'string' },
        ar: { type: 'string' },
        ckb: { type: 'string' },
        note: { type: 'string' },
      });
      const { table } = await openTable(values.library, 'cli');
      let id: string | undefined;
      let edit: { terms: GlossaryEntry['terms']; note?: string } = { terms: {} };
      if (action === 'edit') {
        id = onePositional(positionals, 'ID');
        const stored = (await call(table, 'glossary.list', {})).entries.find((e) => e.id === id);
        if (stored === undefined)
          throw new CommandFailed(`not-found: There is no glossary entry "${id}".`, USAGE_EXIT);
        edit = { terms: { ...stored.terms }, ...(stored.note !== undefined ? { note: stored.note } : {}) };
      } else if (positionals.length > 0) {
        throw new UsageError('glossary add takes its terms as --en, --ar and --ckb');
      }
      for (const lang of LANGUAGES) {
        const term = values[lang];
        if (term !== undefined) edit.terms[lang] = term;
      }
      if (values.note !== undefined) edit.note = values.note;
      const saved = await call(table, 'glossary.save', { ...(id !== undefined ? { id } : {}), ...edit });
      print(values.json, saved, () => `saved ${glossaryReport([saved.entry])}`);
      return;
    }
    if (action === 'remove') {
      const { values, positionals } = parseCommandArgs(rest, libraryOption);
      const id = onePositional(positionals, 'ID');
      const { table } = await openTable(values.library, 'cli');
      const list = await call(table, 'glossary.remove', { id });
      print(values.json, list, () => `removed ${id}; the glossary holds ${list.entries.length}`);
      return;
    }
    throw new UsageError('glossary needs "import", "export", "list", "add", "edit" or "remove"');
  },

  async tmx(argv) {
    const [action, ...rest] = argv;
    if (action === 'export') {
      const { values } = parseCommandArgs(rest, {
        ...libraryOption,
        source: { type: 'string' },
        target: { type: 'string' },
        out: { type: 'string' },
      });
      const sourceLang = requiredLang(values.source, '--source', 'tmx export');
      const targetLang = requiredLang(values.target, '--target', 'tmx export');
      if (values.out === undefined || values.out === '') throw new UsageError('tmx export needs --out FILE');
      const { table } = await openTable(values.library, 'cli');
      const exported = await call(table, 'tmx.export', { sourceLang, targetLang });
      const out = userPath(values.out);
      await fs.writeFile(out, exported.content, 'utf8');
      print(
        values.json,
        { path: out, fileName: exported.fileName, units: exported.units },
        () => `wrote ${out} (${exported.units} translation units, ${sourceLang} → ${targetLang})`,
      );
      return;
    }
    if (action === 'import') {
      const { values, positionals } = parseCommandArgs(rest, libraryOption);
      const content = await readInput(onePositional(positionals, 'FILE'));
      const { table } = await openTable(values.library, 'cli');
      const result = await call(table, 'tmx.import', { content });
      print(
        values.json,
        result,
        () =>
          `imported ${plural(result.units, 'translation pair')} (${result.added} new); the library's imported memory holds ${result.total}`,
      );
      return;
    }
    if (action === 'imported' || action === 'clear-imported') {
      const { values, positionals } = parseCommandArgs(rest, libraryOption);
      if (positionals.length > 0) throw new UsageError(`tmx ${action} takes no arguments`);
      const { table } = await openTable(values.library, 'cli');
      if (action === 'clear-imported') {
        const cleared = await call(table, 'tmx.clearImported', {});
        print(values.json, cleared, () =>
          cleared.setAside !== null
            ? `the imported memory could not be read: moved it aside as ${cleared.setAside}`
            : `removed ${plural(cleared.removed, 'imported translation pair')}`,
        );
        return;
      }
      const summary = await call(table, 'tmx.imported', {});
      print(values.json, summary, () =>
        [
          `the library's imported memory holds ${plural(summary.total, 'translation pair')}`,
          ...summary.pairs.map((p) => `  ${p.sourceLang} → ${p.targetLang}: ${p.units}`),
        ].join('\n'),
      );
      return;
    }
    throw new UsageError('tmx needs "export", "import", "imported" or "clear-imported"');
  },
};

async function readInput(file: string): Promise<string> {
  try {
    return await fs.readFile(userPath(file), 'utf8');
  } catch (error) {
    throw new CommandFailed(`cannot read ${file}: ${(error as Error).message}`, USAGE_EXIT);
  }
}
