// The handlers behind glossary.* and tmx.*: the pure modules (glossary/, tmx/) over the library's files.
import type {
  GlossaryExport,
  ImportedTmCleared,
  ImportedTmSummary,
  GlossaryImportResult,
  GlossaryMatchResult,
  Lang,
  TmxExport,
  TmxImportResult,
} from '../contract.ts';
import { PirdError } from '../errors.ts';
import {
  glossaryFromCsv,
  glossaryFromTbx,
  glossaryToCsv,
  glossaryToTbx,
  matchTerms,
} from '../glossary/glossary.ts';
import type { Article } from '../model.ts';
import { exportTmx, parseTmx, trustedUnits } from '../tmx/tmx.ts';
import { LANGUAGES } from '../model.ts';
import {
  clearImportedTm,
  importGlossaryEntries,
  importTmUnits,
  readGlossary,
  readImportedTm,
} from './glossary-store.ts';
import type { Library } from './library.ts';

export async function matchGlossary(
  library: Library,
  articleId: string,
  segmentId: string,
  targetLang: Lang,
): Promise<GlossaryMatchResult> {
  const article = await library.get(articleId);
  const segment = article.segments.find((s) => s.id === segmentId);
  if (segment === undefined)
    throw new PirdError('not-found', `Article ${articleId} has no segment "${segmentId}".`);
  const sourceLang = article.sourceLang;
  const source = segment.versions[sourceLang].text;
  const glossary = await readGlossary(library.dir);
  const byId = new Map(glossary.entries.map((e) => [e.id, e]));
  const matches = matchTerms(glossary, source, sourceLang).map((hit) => {
    const entry = byId.get(hit.entryId)!;
    return { ...hit, translation: entry.terms[targetLang] ?? null, note: entry.note ?? null };
  });
  return { sourceLang, targetLang, source, matches };
}

export async function importGlossary(
  library: Library,
  format: 'csv' | 'tbx',
  content: string,
): Promise<GlossaryImportResult> {
  const entries = format === 'csv' ? glossaryFromCsv(content) : glossaryFromTbx(content);
  const result = await importGlossaryEntries(library.dir, entries);
  return { entries: entries.length, ...result };
}

export async function exportGlossary(library: Library, format: 'csv' | 'tbx'): Promise<GlossaryExport> {
  const glossary = await readGlossary(library.dir);
  return {
    fileName: `glossary.${format}`,
    content: format === 'csv' ? glossaryToCsv(glossary) : glossaryToTbx(glossary),
    entries: glossary.entries.length,
  };
}

export async function exportLibraryTmx(
  library: Library,
  sourceLang: Lang,
  targetLang: Lang,
  version: string,
): Promise<TmxExport> {
  const { articles } = await library.list();
  const loaded: Article[] = [];
  for (const summary of articles) loaded.push(await library.get(summary.id));
  const units = trustedUnits(loaded, sourceLang, targetLang);
  return {
    fileName: `pird-tm.${sourceLang}-${targetLang}.tmx`,
    content: exportTmx(units, sourceLang, version),
    units: units.length,
  };
}

export async function importLibraryTmx(library: Library, content: string): Promise<TmxImportResult> {
  return importTmUnits(library.dir, parseTmx(content));
}

export async function importedTmSummary(library: Library): Promise<ImportedTmSummary> {
  const units = await readImportedTm(library.dir);
  const pairs: ImportedTmSummary['pairs'] = [];
  for (const sourceLang of LANGUAGES)
    for (const targetLang of LANGUAGES) {
      const count = units.filter((u) => u.sourceLang === sourceLang && u.targetLang === targetLang).length;
      if (count > 0) pairs.push({ sourceLang, targetLang, units: count });
    }
  return { total: units.length, pairs };
}

export function clearLibraryTm(library: Library): Promise<ImportedTmCleared> {
  return clearImportedTm(library.dir);
}
