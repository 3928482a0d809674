// The pure sync core: clock, positions, the merge rule, and whole devices simulated in memory
// (helpers/sync-sim.ts) the way Joplin's synchronizer tests simulate clients on one shared target.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createArticle,
  deleteSegment,
  insertSegment,
  mergeWithNext,
  moveSegment,
  setSegmentText,
  splitSegment,
} from '../../electron/core/article-ops.ts';
import type { Article, Lang } from '../../electron/core/model.ts';
import { textKey } from '../../electron/core/sync/article-sync.ts';
import { formatHlc, parseHlc, tickHlc } from '../../electron/core/sync/hlc.ts';
import { positionBetween, positionsBetween, reposition } from '../../electron/core/sync/positions.ts';
import type { DeviceId, Version } from '../../electron/core/sync/versions.ts';
import { addVersions, knowledgeOf } from '../../electron/core/sync/versions.ts';
import type { SimFile } from './helpers/sync-sim.ts';
import { keptTexts, SimDevice } from './helpers/sync-sim.ts';

const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);
const DAY = 86_400_000;

describe('hybrid logical clock', () => {
  it('stamps readable, sortable times and only moves forward', () => {
    const a = tickHlc(null, T0);
    expect(a).toBe('20261125T090000000Z-0000');
    expect(parseHlc(a)).toEqual({ ms: T0, counter: 0 });
    const b = tickHlc(a, T0 - 5000); // the wall clock went back
    expect(b > a).toBe(true);
    expect(b).toBe('20261125T090000000Z-0001');
    expect(tickHlc(b, T0 + 1) > b).toBe(true);
    expect(tickHlc(formatHlc(T0, 9999), T0)).toBe(formatHlc(T0 + 1, 0));
  });
});

describe('segment positions', () => {
  it('finds a key between any two keys', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 60 }), (inserts) => {
        const keys: string[] = [];
        for (const at of inserts) {
          const i = Math.min(at, keys.length);
          const key = positionBetween(keys[i - 1] ?? '', keys[i] ?? null);
          keys.splice(i, 0, key);
        }
        expect([...keys].sort()).toEqual(keys);
        expect(new Set(keys).size).toBe(keys.length);
      }),
    );
    expect(positionsBetween('', null, 5)).toEqual([...positionsBetween('', null, 5)].sort());
  });

  it('moves as few segments as possible', () => {
    const current = new Map([
      ['a', '1'],
      ['b', '2'],
      ['c', '3'],
      ['d', '4'],
    ]);
    const changed = reposition(['b', 'c', 'a', 'd', 'new'], current);
    expect([...changed.keys()].sort()).toEqual(['a', 'new']);
    expect(changed.get('a')! > '3' && changed.get('a')! < '4').toBe(true);
    expect(changed.get('new')! > '4').toBe(true);
  });
});

describe('the merge rule', () => {
  it('gives the same frontier for any order and repetition of the same versions', () => {
    const devices = ['d-aaaaaaaaaaaa', 'd-bbbbbbbbbbbb', 'd-cccccccccccc'] as DeviceId[];
    // Random histories: each step a device writes with what it knew (it learns from random others).
    const history = fc.array(fc.tuple(fc.nat(2), fc.array(fc.nat(30), { maxLength: 3 })), {
      minLength: 1,
      maxLength: 12,
    });
    fc.assert(
      fc.property(history, fc.infiniteStream(fc.nat()), (steps, random) => {
        const made: Version[] = [];
        const knows = devices.map(() => [] as Version[]);
        steps.forEach(([d, learns], i) => {
          for (const l of learns) if (made.length > 0) knows[d]!.push(made[l % made.length]!);
          const frontier = addVersions([], knows[d]!);
          const v: Version = {
            device: devices[d]!,
            hlc: formatHlc(T0 + i, 0),
            seen: knowledgeOf(frontier),
            value: i,
          };
          made.push(v);
          knows[d]!.push(v);
        });
        const reference = addVersions([], made);
        const it = random[Symbol.iterator]();
        const shuffled = [...made, ...made.slice(0, 3)]
          .map((v) => ({ v, k: it.next().value as number }))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.v);
        expect(addVersions([], shuffled)).toEqual(reference);
      }),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Simulated devices

const AUTHOR = 'sim';
const iso = (ms: number): string => new Date(ms).toISOString();

function seedArticle(): Article {
  let a = createArticle({ id: 'story', sourceLang: 'en', headline: 'Budget passes' }, 'setup', iso(T0));
  a = insertSegment(a, 'p1', 'paragraph', 'setup', iso(T0));
  return a;
}

class Desk {
  files: SimFile[] = [];
  clock = T0;
  constructor(readonly devices: SimDevice[]) {}
  /** A round on one device that sees every file published so far. */
  sync(device: SimDevice): void {
    this.clock += 1000;
    const file = device.round(this.files, this.clock);
    if (file) this.files.push(file);
  }
  syncAll(times = 2): void {
    for (let i = 0; i < times; i++) for (const d of this.devices) this.sync(d);
  }
}

function desk(n: number): { desk: Desk; devices: SimDevice[] } {
  const devices = Array.from(
    { length: n },
    (_, i) => new SimDevice(`d-${String.fromCharCode(97 + i).repeat(12)}`),
  );
  const d = new Desk(devices);
  devices[0]!.library.set('story', { location: 'articles', article: seedArticle() });
  d.syncAll();
  return { desk: d, devices };
}

const setText = (d: SimDevice, seg: string, lang: Lang, text: string): void =>
  d.edit('story', (a) => setSegmentText(a, seg, lang, text, undefined, d.id, iso(T0)));

describe('devices syncing in memory', () => {
  it('gives both devices both edits when they change different segments offline, in any order', () => {
    for (const order of [
      [0, 1],
      [1, 0],
    ]) {
      const { desk: d, devices } = desk(2);
      setText(devices[0]!, 'headline', 'ar', 'الميزانية');
      setText(devices[1]!, 'p1', 'ckb', 'بودجە');
      for (let i = 0; i < 2; i++) for (const k of order) d.sync(devices[k]!);
      for (const device of devices) {
        const a = device.alive('story')!;
        expect(a.segments.find((s) => s.id === 'headline')!.versions.ar.text).toBe('الميزانية');
        expect(a.segments.find((s) => s.id === 'p1')!.versions.ckb.text).toBe('بودجە');
        expect(device.conflicts('story')).toEqual([]);
      }
      expect(devices[0]!.fingerprint()).toBe(devices[1]!.fingerprint());
    }
  });

  it('keeps both texts as one conflict when two devices edit one segment offline, and a resolution converges', () => {
    const { desk: d, devices } = desk(2);
    const [a, b] = devices as [SimDevice, SimDevice];
    setText(a, 'p1', 'ar', 'نص أ');
    setText(b, 'p1', 'ar', 'نص ب');
    d.syncAll();
    for (const device of devices) {
      expect(device.conflicts('story')).toEqual([{ key: textKey('ar', 'p1'), texts: ['نص أ', 'نص ب'] }]);
    }
    expect(a.fingerprint()).toBe(b.fingerprint());
    // B keeps A's text: the shown text may already be it, so the resolution is stated explicitly.
    setText(b, 'p1', 'ar', 'نص أ');
    b.forced.set('story', new Set([textKey('ar', 'p1')]));
    d.syncAll();
    for (const device of devices) {
      expect(device.conflicts('story')).toEqual([]);
      expect(device.alive('story')!.segments.find((s) => s.id === 'p1')!.versions.ar.text).toBe('نص أ');
    }
    expect(a.fingerprint()).toBe(b.fingerprint());
  });

  it('keeps every version when three devices edit one segment offline', () => {
    const { desk: d, devices } = desk(3);
    devices.forEach((device, i) => setText(device, 'headline', 'ckb', `سەردێڕ ${i}`));
    d.syncAll();
    for (const device of devices) {
      expect(device.conflicts('story')).toEqual([
        { key: textKey('ckb', 'headline'), texts: ['سەردێڕ 0', 'سەردێڕ 1', 'سەردێڕ 2'] },
      ]);
    }
  });

  it('brings a deleted article back, with the edit, when another device edited it without seeing the deletion', () => {
    const { desk: d, devices } = desk(2);
    const [a, b] = devices as [SimDevice, SimDevice];
    a.library.set('story', { location: 'trash', article: a.library.get('story')!.article });
    setText(b, 'p1', 'en', 'A late correction');
    d.syncAll();
    for (const device of devices) {
      expect(device.library.get('story')!.location).toBe('articles');
      expect(device.alive('story')!.segments.find((s) => s.id === 'p1')!.versions.en.text).toBe(
        'A late correction',
      );
    }
    // A deletion made after seeing the edit stands.
    a.library.set('story', { location: 'trash', article: a.library.get('story')!.article });
    d.syncAll();
    for (const device of devices) expect(device.library.get('story')!.location).toBe('trash');
  });

  it('keeps a segment deleted on one device when another edited it concurrently (edit beats delete)', () => {
    const { desk: d, devices } = desk(2);
    const [a, b] = devices as [SimDevice, SimDevice];
    const second = a.alive('story')!.segments.at(-1)!.id;
    a.edit('story', (x) => deleteSegment(x, second));
    setText(b, second, 'en', 'Kept paragraph');
    d.syncAll();
    for (const device of devices) {
      expect(device.alive('story')!.segments.map((s) => s.versions.en.text)).toContain('Kept paragraph');
    }
    expect(a.fingerprint()).toBe(b.fingerprint());
  });

  it('keeps concurrent insertions and moves of both devices', () => {
    const { desk: d, devices } = desk(2);
    const [a, b] = devices as [SimDevice, SimDevice];
    a.edit('story', (x) => insertSegment(x, 'headline', 'paragraph', AUTHOR, iso(T0)));
    b.edit('story', (x) => insertSegment(x, 'headline', 'summary', AUTHOR, iso(T0)));
    b.edit('story', (x) => moveSegment(x, 'kicker', 2));
    d.syncAll();
    expect(a.fingerprint()).toBe(b.fingerprint());
    expect(a.alive('story')!.segments).toHaveLength(7);
    // Two insertions at one spot share a key; that is no reason to keep sending moves.
    const sent = d.files.length;
    d.syncAll();
    expect(d.files.length).toBe(sent);
  });
});

// ---------------------------------------------------------------------------------------------
// The property: five devices, random edits and deletions, random partial delivery.

type Op =
  | { kind: 'text'; device: number; seg: number; lang: number }
  | { kind: 'insert' | 'split' | 'merge' | 'move' | 'deleteSegment'; device: number; seg: number; to: number }
  | { kind: 'deleteArticle' | 'restoreArticle' | 'resolve'; device: number }
  | { kind: 'sync'; device: number; deliver: number[] };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('text' as const),
      device: fc.nat(4),
      seg: fc.nat(20),
      lang: fc.nat(2),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constantFrom(
        'insert' as const,
        'split' as const,
        'merge' as const,
        'move' as const,
        'deleteSegment' as const,
      ),
      device: fc.nat(4),
      seg: fc.nat(20),
      to: fc.nat(20),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom('deleteArticle' as const, 'restoreArticle' as const, 'resolve' as const),
      device: fc.nat(4),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('sync' as const),
      device: fc.nat(4),
      deliver: fc.array(fc.nat(1000), { maxLength: 6 }),
    }),
  },
);

interface Edit {
  text: string;
  seg: string;
  lang: Lang;
}

describe('five devices with random edits and partial delivery', () => {
  it('converge to identical libraries and never lose an edit nobody saw', () => {
    let rounds = 0;
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 10, maxLength: 60 }), (ops) => {
        const devices = Array.from({ length: 5 }, (_, i) => new SimDevice(`d-${'abcde'[i]!.repeat(12)}`));
        devices[3]!.skewMs = DAY;
        devices[4]!.skewMs = -DAY;
        const published: SimFile[] = [];
        // What each device can see of the shared folder: its own files and what was delivered.
        const views = devices.map(() => new Set<string>());
        let clock = T0;
        devices[0]!.library.set('story', { location: 'articles', article: seedArticle() });
        const publish = (i: number, file: SimFile | null): void => {
          if (file) {
            published.push(file);
            views[i]!.add(file.name);
          }
        };
        publish(0, devices[0]!.round([], (clock += 1000)));
        for (const v of views) for (const f of published) v.add(f.name);
        const visible = (i: number) => published.filter((f) => views[i]!.has(f.name));
        for (let i = 1; i < 5; i++) publish(i, devices[i]!.round(visible(i), (clock += 1000)));

        const acknowledged: Edit[] = [];
        /** Texts a device had in front of it (shown or in a conflict) when it overwrote or deleted them. */
        const overwritten = new Set<string>();
        const pendingEdits = devices.map(() => [] as Edit[]);
        const seenTexts = (d: SimDevice, seg: string, langs: readonly Lang[]): void => {
          for (const lang of langs) for (const t of keptTexts(d, 'story', lang, seg)) overwritten.add(t);
          const shown = d.library.get('story')?.article.segments.find((s) => s.id === seg);
          for (const lang of langs) if (shown) overwritten.add(shown.versions[lang].text);
        };
        let n = 0;
        for (const op of ops) {
          const d = devices[op.device]!;
          const a = d.alive('story');
          if (op.kind === 'sync') {
            for (const k of op.deliver)
              if (published.length > 0) views[op.device]!.add(published[k % published.length]!.name);
            rounds++;
            const file = d.round(visible(op.device), (clock += 1000));
            publish(op.device, file);
            if (file) acknowledged.push(...pendingEdits[op.device]!.splice(0));
            continue;
          }
          if (op.kind === 'restoreArticle') {
            const entry = d.library.get('story');
            if (entry?.location === 'trash')
              d.library.set('story', { location: 'articles', article: entry.article });
            continue;
          }
          if (!a) continue;
          const segs = a.segments;
          const seg = segs[('seg' in op ? op.seg : 0) % segs.length]!;
          const by = `${d.id}`;
          const now = iso(clock);
          try {
            switch (op.kind) {
              case 'text': {
                const lang = (['en', 'ar', 'ckb'] as const)[op.lang]!;
                const text = `${op.device}:${n++}`;
                seenTexts(d, seg.id, [lang]);
                d.edit('story', (x) => setSegmentText(x, seg.id, lang, text, undefined, by, now));
                pendingEdits[op.device]!.push({ text, seg: seg.id, lang });
                break;
              }
              case 'insert':
                d.edit('story', (x) => insertSegment(x, seg.id, 'paragraph', by, now));
                break;
              case 'split':
                seenTexts(d, seg.id, ['en']);
                d.edit('story', (x) =>
                  splitSegment(x, seg.id, { en: Math.floor(seg.versions.en.text.length / 2) }, by, now),
                );
                break;
              case 'merge': {
                const next = segs[segs.indexOf(seg) + 1];
                seenTexts(d, seg.id, ['en', 'ar', 'ckb']);
                if (next) seenTexts(d, next.id, ['en', 'ar', 'ckb']);
                d.edit('story', (x) => mergeWithNext(x, seg.id, by, now));
                break;
              }
              case 'move':
                d.edit('story', (x) => moveSegment(x, seg.id, op.to % segs.length));
                break;
              case 'deleteSegment':
                seenTexts(d, seg.id, ['en', 'ar', 'ckb']);
                d.edit('story', (x) => deleteSegment(x, seg.id));
                break;
              case 'deleteArticle':
                for (const s of segs) seenTexts(d, s.id, ['en', 'ar', 'ckb']);
                d.library.set('story', { location: 'trash', article: a });
                break;
              case 'resolve': {
                const conflict = d.conflicts('story')[0];
                if (!conflict) break;
                const [, lang, segId] = conflict.key.split(':') as [string, Lang, string];
                seenTexts(d, segId, [lang]);
                d.forced.set('story', new Set([conflict.key]));
                break;
              }
            }
          } catch {
            // An operation the article does not allow (merging the last segment, deleting the headline).
          }
        }
        // Everything reaches everyone; two full rounds each.
        for (const v of views) for (const f of published) v.add(f.name);
        for (let pass = 0; pass < 2; pass++) {
          for (let i = 0; i < 5; i++) {
            publish(i, devices[i]!.round(visible(i), (clock += 1000)));
            for (const v of views) for (const f of published) v.add(f.name);
          }
        }
        for (let i = 0; i < 5; i++) acknowledged.push(...pendingEdits[i]!.splice(0));
        // Converged devices have nothing more to say.
        for (let i = 0; i < 5; i++) expect(devices[i]!.round(visible(i), (clock += 1000))).toBeNull();
        const fingerprint = devices[0]!.fingerprint();
        for (const d of devices) expect(d.fingerprint()).toBe(fingerprint);
        const final = devices[0]!;
        const entry = final.library.get('story')!;
        for (const edit of acknowledged) {
          if (overwritten.has(edit.text)) continue;
          // Kept means shown (or listed in a conflict) in the library, not lying in the trash.
          const kept =
            entry.location === 'articles' &&
            entry.article.segments.some((s) =>
              keptTexts(final, 'story', edit.lang, s.id).includes(edit.text),
            );
          expect(kept, `edit ${edit.text} on ${edit.seg}/${edit.lang} was lost`).toBe(true);
        }
      }),
      { numRuns: Number(process.env.PIRD_SYNC_RUNS ?? 150) },
    );
    expect(rounds).toBeGreaterThan(100);
  });
});
