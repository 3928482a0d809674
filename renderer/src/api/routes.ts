import type { Route } from './context.ts';

/** Routes live in the hash (`#/`, `#/article/<id>`), so a reload reopens the same article. */
export function parseRoute(hash: string): Route {
  const match = /^#\/article\/([^/?#]+)/.exec(hash);
  if (match?.[1]) {
    try {
      return { view: 'editor', articleId: decodeURIComponent(match[1]) };
    } catch {
      return { view: 'library' };
    }
  }
  return { view: 'library' };
}

export function routeHash(route: Route): string {
  return route.view === 'editor' ? `#/article/${encodeURIComponent(route.articleId)}` : '#/';
}
