// `xliff.import`: a CAT tool's XLIFF file back into the article it was exported from, in one save
// under the library lock (the file is checked against the article as stored at that moment).
import type { XliffImportResult } from '../xliff/xliff.ts';
import { applyXliff, parseXliff } from '../xliff/xliff.ts';
import type { Library } from './library.ts';

export async function importXliff(
  library: Library,
  content: string,
  author: string,
): Promise<XliffImportResult> {
  const doc = parseXliff(content);
  let applied: { updated: string[]; missing: string[] } = { updated: [], missing: [] };
  const article = await library.update(doc.articleId, (current, now) => {
    const result = applyXliff(current, doc, author, now);
    applied = result;
    return result.article;
  });
  return {
    articleId: article.id,
    sourceLang: doc.sourceLang,
    targetLang: doc.targetLang,
    units: doc.units.length,
    updated: applied.updated,
    missing: applied.missing,
    article,
  };
}
