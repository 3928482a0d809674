// An in-memory model of several devices syncing through a shared folder, built only from the pure
// sync core (no disk): each device has a library (articles and trash), its merged fields, and the
// files it has published. Tests deliver any subset of the published files to any device, in any
// order, to check that the merge converges and loses nothing.
import type { Article, Lang } from '../../../electron/core/model.ts';
import { LANGUAGES } from '../../../electron/core/model.ts';
import type { ArticleSyncState, LocalArticle } from '../../../electron/core/sync/article-sync.ts';
import {
  captureLocalChanges,
  emptyArticleState,
  ingestVersions,
  materializeArticle,
  sameContent,
  syncedContent,
  textKey,
  toLibraryArticle,
} from '../../../electron/core/sync/article-sync.ts';
import type { Hlc } from '../../../electron/core/sync/hlc.ts';
import { maxHlc, tickHlc } from '../../../electron/core/sync/hlc.ts';
import type { DeviceId, Version } from '../../../electron/core/sync/versions.ts';

export type KeyedVersion = Version & { key: string; articleId: string };

export interface SimFile {
  name: string;
  device: DeviceId;
  versions: KeyedVersion[];
}

export class SimDevice {
  readonly id: DeviceId;
  library = new Map<string, LocalArticle>();
  states = new Map<string, ArticleSyncState>();
  ingested = new Set<string>();
  hlc: Hlc | null = null;
  forced = new Map<string, Set<string>>();
  /** Wall clock offset in ms (a skewed laptop). */
  skewMs = 0;

  constructor(id: string) {
    this.id = id as DeviceId;
  }

  /** One round against the files this device can see. Returns the file it published, if any. */
  round(visible: readonly SimFile[], nowMs: number): SimFile | null {
    const incoming = visible.filter((f) => !this.ingested.has(f.name) && f.device !== this.id);
    for (const file of incoming) for (const v of file.versions) this.hlc = maxHlc(this.hlc, v.hlc);
    const hlc = tickHlc(this.hlc, nowMs + this.skewMs);
    this.hlc = hlc;
    const byArticle = new Map<string, KeyedVersion[]>();
    for (const file of incoming) {
      for (const v of file.versions) {
        const list = byArticle.get(v.articleId);
        if (list) list.push(v);
        else byArticle.set(v.articleId, [v]);
      }
    }
    const ids = new Set([...this.library.keys(), ...this.states.keys(), ...byArticle.keys()]);
    const local: KeyedVersion[] = [];
    for (const id of [...ids].sort()) {
      const state = this.states.get(id) ?? emptyArticleState(id);
      const here = this.library.get(id);
      const captured = here
        ? captureLocalChanges({
            device: this.id,
            hlc,
            state,
            local: here,
            forced: this.forced.get(id),
          })
        : [];
      this.forced.delete(id);
      const next = ingestVersions(state, [...captured, ...(byArticle.get(id) ?? [])]);
      this.states.set(id, next);
      for (const v of captured) local.push({ ...v, articleId: id });
      const m = materializeArticle(next);
      if (m.status === 'unknown' || m.article === null) continue;
      const location = m.status === 'alive' ? 'articles' : 'trash';
      if (here && here.location === location && sameContent(m.article, here.article)) continue;
      this.library.set(id, {
        location,
        article: toLibraryArticle(m.article, here?.article ?? null, new Date(nowMs).toISOString()),
      });
    }
    for (const file of incoming) this.ingested.add(file.name);
    if (local.length === 0) return null;
    const file: SimFile = { name: `${this.id}/changes-${hlc}`, device: this.id, versions: local };
    this.ingested.add(file.name);
    return file;
  }

  alive(id: string): Article | undefined {
    const entry = this.library.get(id);
    return entry?.location === 'articles' ? entry.article : undefined;
  }

  edit(id: string, change: (a: Article) => Article): void {
    const entry = this.library.get(id);
    if (entry?.location !== 'articles') throw new Error(`${this.id} has no article ${id}`);
    this.library.set(id, { location: 'articles', article: change(entry.article) });
  }

  conflicts(id: string): { key: string; texts: string[] }[] {
    const state = this.states.get(id);
    if (!state) return [];
    return materializeArticle(state).conflicts.map((key) => ({
      key,
      texts: (state.fields[key] ?? []).map((v) => (v.value as { text: string }).text).sort(),
    }));
  }

  /** What converged devices must agree on: content and place of every article, and the conflicts. */
  fingerprint(): string {
    const out: unknown[] = [];
    for (const id of [...this.library.keys()].sort()) {
      const { location, article } = this.library.get(id)!;
      out.push([id, location, syncedContent(article), this.conflicts(id)]);
    }
    return JSON.stringify(out);
  }
}

/** Every text a field shows or keeps in a conflict, on a device: used to check nothing was lost. */
export function keptTexts(device: SimDevice, articleId: string, lang: Lang, segmentId: string): string[] {
  const state = device.states.get(articleId);
  return (state?.fields[textKey(lang, segmentId)] ?? []).map((v) => (v.value as { text: string }).text);
}

export const ALL_LANGS: readonly Lang[] = LANGUAGES;
