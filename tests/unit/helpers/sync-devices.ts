// Simulated devices for the on-disk sync tests: each device is a real library in its own temporary
// folder, syncing with a shared folder through the real round (as Joplin's tests run several
// clients against one sync target).
import fs from 'node:fs/promises';
import path from 'node:path';
import { setSegmentText } from '../../../electron/core/article-ops.ts';
import type { Article, Lang } from '../../../electron/core/model.ts';
import { Library } from '../../../electron/core/node/library.ts';
import type { RunSyncRequest } from '../../../electron/core/node/sync/service.ts';
import { listConflicts, resolveConflict, runSync } from '../../../electron/core/node/sync/service.ts';
import { syncedContent } from '../../../electron/core/sync/article-sync.ts';
import type { SyncReport } from '../../../electron/core/sync/sync-types.ts';
import { makeTempDir } from '../fixtures/library-fixtures.ts';

export class Device {
  /** The shared folder as this device sees it (tests may give each device its own copy). */
  shared: string;
  /** Wall-clock offset in ms: a laptop whose clock is wrong. */
  skewMs = 0;

  private constructor(
    readonly name: string,
    readonly library: Library,
    shared: string,
  ) {
    this.shared = shared;
  }

  static async create(name: string, shared: string): Promise<Device> {
    return Device.open(name, await makeTempDir(`pird-sync-${name}-`), shared);
  }

  static async open(name: string, libraryDir: string, shared: string): Promise<Device> {
    return new Device(name, await Library.open(libraryDir), shared);
  }

  sync(request: RunSyncRequest = {}, batchSize?: number): Promise<SyncReport> {
    return runSync(
      this.library,
      { sharedFolder: this.shared, ...request },
      {
        deviceName: this.name,
        now: () => Date.now() + this.skewMs,
        ...(batchSize === undefined ? {} : { batchSize }),
      },
    );
  }

  get(id: string): Promise<Article> {
    return this.library.get(id);
  }

  async text(id: string, segmentId: string, lang: Lang): Promise<string> {
    const article = await this.library.get(id);
    return article.segments.find((s) => s.id === segmentId)!.versions[lang].text;
  }

  setText(id: string, segmentId: string, lang: Lang, text: string): Promise<Article> {
    return this.library.update(id, (a, now) =>
      setSegmentText(a, segmentId, lang, text, undefined, this.name, now),
    );
  }

  conflicts() {
    return listConflicts(this.library).then((l) => l.conflicts);
  }

  resolve(id: string, segmentId: string, lang: Lang, choice: { keep: string } | { text: string }) {
    return resolveConflict(this.library, { articleId: id, segmentId, lang, ...choice }, this.name);
  }

  /** Everything converged devices must agree on: each article's content and place, and conflicts. */
  async fingerprint(): Promise<string> {
    const out: unknown[] = [];
    for (const place of ['articles', 'trash'] as const) {
      const dir = path.join(this.library.dir, place);
      const names = (await fs.readdir(dir).catch(() => [])).filter((n) => n.endsWith('.json')).sort();
      for (const name of names) {
        const { article } = JSON.parse(await fs.readFile(path.join(dir, name), 'utf8')) as {
          article: Article;
        };
        out.push([place, syncedContent(article)]);
      }
    }
    const conflicts = (await this.conflicts()).map((c) => [
      c.articleId,
      c.segmentId,
      c.lang,
      c.versions.map((v) => v.text).sort(),
    ]);
    return JSON.stringify([out, conflicts]);
  }
}

export async function sharedFolder(): Promise<string> {
  return path.join(await makeTempDir('pird-shared-'), 'Pird Shared');
}

/** Every file under a folder, relative, sorted. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}
