// An article file's text as an article: the parsing Library.get() does, shared with the export's
// worker threads, which read article files themselves (electron/core/node/export-worker.ts).
import { isValidArticleId } from './article-ops.ts';
import { articleIdFromFileName, parseArticleFile } from './envelope.ts';
import { PirdError } from './errors.ts';
import type { Article, UnreadableArticle } from './model.ts';

/** Why an article cannot be used, as the PirdError get() and update() throw. */
export function unreadableError(unreadable: UnreadableArticle): PirdError {
  return new PirdError(
    unreadable.code === 'newer-version' ? 'newer-version' : 'unreadable',
    unreadable.reason,
  );
}

/**
 * The article in an article file's text, as get() reads it (export workers read files themselves);
 * throws unreadable / newer-version.
 */
export function articleFromFileText(raw: string, fileName: string): Article {
  const result = readArticleText(raw, fileName);
  if (!result.ok) throw unreadableError(result.unreadable);
  return result.article;
}

/** Parses an article file and checks that it holds the article its name says. */
export function readArticleText(
  raw: string,
  fileName: string,
): { ok: true; article: Article } | { ok: false; unreadable: UnreadableArticle } {
  const expectedId = articleIdFromFileName(fileName);
  if (expectedId === null || !isValidArticleId(expectedId)) {
    return {
      ok: false,
      unreadable: {
        file: fileName,
        id: null,
        code: 'invalid',
        reason: `${fileName}: the file name is not "<article id>.json".`,
      },
    };
  }
  const parsed = parseArticleFile(raw, fileName);
  if (parsed.ok && parsed.article.id !== expectedId) {
    // A copy (e.g. a sync engine's conflict copy) of another article's file.
    return {
      ok: false,
      unreadable: {
        file: fileName,
        id: expectedId,
        code: 'invalid',
        reason: `${fileName} holds article "${parsed.article.id}"; an article's file must be named after its id.`,
      },
    };
  }
  return parsed;
}
