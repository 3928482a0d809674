// The property, on disk: five real libraries, each seeing its own copy of the shared folder, which
// a simulated sync engine fills with only some of the files, in any order. Random edits,
// structural changes, deletions, restorations and conflict resolutions; random rounds. Once every
// file has reached every device, all libraries are identical and no edit that nobody saw is lost.
import fs from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  deleteSegment,
  insertSegment,
  moveSegment,
  setSegmentText,
} from '../../electron/core/article-ops.ts';
import type { Lang } from '../../electron/core/model.ts';
import { makeTempDir, removeTempDirs } from './fixtures/library-fixtures.ts';
import { Device, filesUnder } from './helpers/sync-devices.ts';

afterAll(removeTempDirs);

const LANGS: readonly Lang[] = ['en', 'ar', 'ckb'];

/** A sync engine between the devices' copies of the shared folder and the "cloud" (all files). */
class Engine {
  constructor(
    readonly cloud: string,
    readonly views: string[],
  ) {}

  /** After a device's round: its own files (and deletions of them) go up to the cloud. */
  async collect(i: number, device: string): Promise<void> {
    const view = this.views[i]!;
    for (const rel of await filesUnder(view)) {
      if (path.basename(rel).startsWith('.')) continue;
      if (rel === 'pird-shared.json' || rel.startsWith(`devices/${device}/`)) {
        const target = path.join(this.cloud, rel);
        await fs.mkdir(path.dirname(target), { recursive: true });
        await fs.copyFile(path.join(view, rel), target);
      }
    }
    const inView = new Set(await filesUnder(view));
    for (const rel of await filesUnder(this.cloud)) {
      if (rel.startsWith(`devices/${device}/`) && !inView.has(rel)) await fs.rm(path.join(this.cloud, rel));
    }
  }

  /** Some of the cloud's files reach a device's copy (deletions always do). */
  async deliver(i: number, picks: readonly number[] | 'all'): Promise<void> {
    const view = this.views[i]!;
    const cloudFiles = await filesUnder(this.cloud);
    const chosen = picks === 'all' ? cloudFiles : picks.map((k) => cloudFiles[k % cloudFiles.length]!);
    for (const rel of chosen) {
      if (rel === undefined) continue;
      const target = path.join(view, rel);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.copyFile(path.join(this.cloud, rel), target);
    }
    const inCloud = new Set(cloudFiles);
    for (const rel of await filesUnder(view)) {
      if (!rel.startsWith('devices/') || path.basename(rel).startsWith('.')) continue;
      // Deleted by its owner (compaction): the engine deletes it here too (never our own files).
      if (rel.split('/')[1] !== this.owners[i] && !inCloud.has(rel)) await fs.rm(path.join(view, rel));
    }
  }

  owners: string[] = [];
}

type Op =
  | { kind: 'text'; device: number; seg: number; lang: number }
  | { kind: 'insert' | 'move' | 'deleteSegment'; device: number; seg: number; to: number }
  | { kind: 'deleteArticle' | 'restore' | 'resolve'; device: number }
  | { kind: 'sync'; device: number; deliver: number[] };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('text' as const),
      device: fc.nat(4),
      seg: fc.nat(10),
      lang: fc.nat(2),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constantFrom('insert' as const, 'move' as const, 'deleteSegment' as const),
      device: fc.nat(4),
      seg: fc.nat(10),
      to: fc.nat(10),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom('deleteArticle' as const, 'restore' as const, 'resolve' as const),
      device: fc.nat(4),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('sync' as const),
      device: fc.nat(4),
      deliver: fc.array(fc.nat(200), { maxLength: 5 }),
    }),
  },
);

describe('five devices on disk, random edits and partial delivery', () => {
  it(
    'converge to identical libraries and lose no edit nobody saw',
    async () => {
      let rounds = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: 15, maxLength: 35 }), async (ops) => {
          const root = await makeTempDir('pird-prop-');
          const views = [0, 1, 2, 3, 4].map((i) => path.join(root, `view-${i}`));
          const engine = new Engine(path.join(root, 'cloud'), views);
          const devices = await Promise.all(views.map((v, i) => Device.create(`d${i}`, v)));
          devices[3]!.skewMs = 86_400_000;
          devices[4]!.skewMs = -86_400_000;
          const story = (
            await devices[0]!.library.create({ sourceLang: 'en', headline: 'Budget passes' }, 'd0')
          ).id;
          const ids: string[] = [];
          const syncDevice = async (i: number, picks: readonly number[] | 'all'): Promise<void> => {
            await engine.deliver(i, picks);
            const report = await devices[i]!.sync();
            rounds++;
            expect(report.status).toBe('synced');
            ids[i] = report.device;
            engine.owners[i] = report.device;
            await engine.collect(i, report.device);
          };
          await syncDevice(0, 'all');
          for (let i = 1; i < 5; i++) await syncDevice(i, 'all');

          const overwritten = new Set<string>();
          /** Texts of a field that a device had in front of it (shown, or listed in a conflict). */
          const seen = async (i: number, segmentId: string, langs: readonly Lang[]): Promise<void> => {
            const d = devices[i]!;
            const article = await d.library.get(story).catch(() => null);
            const segment = article?.segments.find((s) => s.id === segmentId);
            for (const lang of langs) if (segment) overwritten.add(segment.versions[lang].text);
            for (const c of await d.conflicts()) {
              if (c.segmentId === segmentId && langs.includes(c.lang))
                for (const v of c.versions) overwritten.add(v.text);
            }
          };
          const edits: { text: string; lang: Lang }[] = [];
          let n = 0;
          for (const op of ops) {
            const d = devices[op.device]!;
            if (op.kind === 'sync') {
              await syncDevice(op.device, op.deliver);
              continue;
            }
            if (op.kind === 'restore') {
              await d.library.restore(story).catch(() => undefined);
              continue;
            }
            const article = await d.library.get(story).catch(() => null);
            if (article === null) continue;
            const segment = article.segments['seg' in op ? op.seg % article.segments.length : 0]!;
            try {
              switch (op.kind) {
                case 'text': {
                  const lang = LANGS[op.lang]!;
                  const text = `d${op.device}:${n++}`;
                  await seen(op.device, segment.id, [lang]);
                  await d.library.update(story, (a, now) =>
                    setSegmentText(a, segment.id, lang, text, undefined, d.name, now),
                  );
                  edits.push({ text, lang });
                  break;
                }
                case 'insert':
                  await d.library.update(story, (a, now) =>
                    insertSegment(a, segment.id, 'paragraph', d.name, now),
                  );
                  break;
                case 'move':
                  await d.library.update(story, (a) => moveSegment(a, segment.id, op.to % a.segments.length));
                  break;
                case 'deleteSegment':
                  await seen(op.device, segment.id, LANGS);
                  await d.library.update(story, (a) => deleteSegment(a, segment.id));
                  break;
                case 'deleteArticle':
                  for (const s of article.segments) await seen(op.device, s.id, LANGS);
                  await d.library.delete(story);
                  break;
                case 'resolve': {
                  const conflict = (await d.conflicts())[0];
                  if (!conflict) break;
                  await seen(op.device, conflict.segmentId, [conflict.lang]);
                  await d.resolve(story, conflict.segmentId, conflict.lang, { keep: '1' });
                  break;
                }
              }
            } catch (error) {
              // Operations the article does not allow (deleting the headline or the last paragraph).
              if (!/cannot be deleted/.test(String(error))) throw error;
            }
          }
          // Every file reaches every device; everyone syncs until nothing moves.
          for (let pass = 0; pass < 3; pass++) for (let i = 0; i < 5; i++) await syncDevice(i, 'all');
          // Converged devices have nothing more to send.
          for (let i = 0; i < 5; i++) {
            await engine.deliver(i, 'all');
            expect((await devices[i]!.sync()).sent.changes).toBe(0);
          }
          const fingerprint = await devices[0]!.fingerprint();
          for (const d of devices.slice(1)) expect(await d.fingerprint()).toBe(fingerprint);

          const final = devices[0]!;
          const alive = await final.library.get(story).catch(() => null);
          const conflicts = await final.conflicts();
          for (const edit of edits) {
            if (overwritten.has(edit.text)) continue;
            const kept =
              alive !== null &&
              (alive.segments.some((s) => s.versions[edit.lang].text === edit.text) ||
                conflicts.some((c) => c.lang === edit.lang && c.versions.some((v) => v.text === edit.text)));
            expect(kept, `edit ${edit.text} (${edit.lang}) was lost`).toBe(true);
          }
          await fs.rm(root, { recursive: true, force: true });
        }),
        { numRuns: Number(process.env.PIRD_SYNC_RUNS ?? 6) },
      );
      expect(rounds).toBeGreaterThan(100);
    },
    Number(process.env.PIRD_SYNC_TIMEOUT ?? 60_000),
  );
});
