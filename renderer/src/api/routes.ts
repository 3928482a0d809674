import { isLang } from '../../../electron/core/contract';
import type { Route } from './context.ts';

/**
 * Routes live in the hash (`#/`, `#/article/<id>`), so a reload reopens the same article. A QA
 * finding opened from the library adds its cell: `#/article/<id>/<segmentId>/<lang>`.
 */
export function parseRoute(hash: string): Route {
  if (/^#\/search(?:$|[/?])/.test(hash)) return { view: 'search' };
  if (/^#\/conflicts(?:$|[/?])/.test(hash)) return { view: 'conflicts' };
  if (/^#\/trash(?:$|[/?])/.test(hash)) return { view: 'trash' };
  if (/^#\/progress(?:$|[/?])/.test(hash)) return { view: 'progress' };
  if (/^#\/glossary(?:$|[/?])/.test(hash)) return { view: 'glossary' };
  const match = /^#\/article\/([^/?#]+)(?:\/([^/?#]+)\/([^/?#]+))?/.exec(hash);
  if (match?.[1]) {
    try {
      const articleId = decodeURIComponent(match[1]);
      const segmentId = match[2] ? decodeURIComponent(match[2]) : undefined;
      const lang = match[3];
      return segmentId && isLang(lang)
        ? { view: 'editor', articleId, focus: { segmentId, lang } }
        : { view: 'editor', articleId };
    } catch {
      return { view: 'library' };
    }
  }
  return { view: 'library' };
}

export function routeHash(route: Route): string {
  if (route.view === 'search') return '#/search';
  if (route.view === 'conflicts') return '#/conflicts';
  if (route.view === 'trash') return '#/trash';
  if (route.view === 'progress') return '#/progress';
  if (route.view === 'glossary') return '#/glossary';
  if (route.view !== 'editor') return '#/';
  const article = `#/article/${encodeURIComponent(route.articleId)}`;
  return route.focus
    ? `${article}/${encodeURIComponent(route.focus.segmentId)}/${route.focus.lang}`
    : article;
}
