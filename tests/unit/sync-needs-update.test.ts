// "Needs update" across devices: each translation's basis travels with its text through the shared
// folder, so every device derives the same marks; values from devices that predate bases still read.
import { afterAll, describe, expect, it } from 'vitest';
import { setSegmentStatus } from '../../electron/core/article-ops.ts';
import type { Article, Lang, SegmentVersion } from '../../electron/core/model.ts';
import { needsUpdate } from '../../electron/core/needs-update.ts';
import type { LocalArticle } from '../../electron/core/sync/article-sync.ts';
import {
  captureLocalChanges,
  emptyArticleState,
  ingestVersions,
  textKey,
} from '../../electron/core/sync/article-sync.ts';
import { valueSchemaFor } from '../../electron/core/sync/format.ts';
import { formatHlc } from '../../electron/core/sync/hlc.ts';
import type { DeviceId } from '../../electron/core/sync/versions.ts';
import { readCorpusText, removeTempDirs } from './fixtures/library-fixtures.ts';
import { Device, sharedFolder } from './helpers/sync-devices.ts';

afterAll(removeTempDirs);

const SEED = 'seed-000-817f1db3f74f0db0';

async function pair(): Promise<[Device, Device]> {
  const shared = await sharedFolder();
  const a = await Device.create('laptop-a', shared);
  const b = await Device.create('laptop-b', shared);
  await a.library.importFiles(
    [{ name: 'seed.json', content: await readCorpusText('seed-article.json') }],
    'setup',
  );
  await a.sync();
  await b.sync();
  return [a, b];
}

async function stale(device: Device, segmentId: string, lang: Lang): Promise<boolean> {
  const article = await device.get(SEED);
  return needsUpdate(
    article.segments.find((s) => s.id === segmentId)!,
    lang,
    article.sourceLang,
  );
}

function markUpToDate(device: Device, segmentId: string, lang: Lang): Promise<Article> {
  return device.library.update(SEED, (a, now) => {
    const status = a.segments.find((s) => s.id === segmentId)!.versions[lang].status;
    return setSegmentStatus(a, segmentId, lang, status, device.name, now);
  });
}

describe('needs update across devices', () => {
  it('carries the basis to the other device: a source edit on one marks the translation on both', async () => {
    const [a, b] = await pair();
    const onB = (await b.get(SEED)).segments.find((s) => s.id === 'p1')!;
    expect(onB.versions.ar.basis).toEqual({ lang: 'en', text: onB.versions.en.text });

    await b.setText(SEED, 'p1', 'en', 'A senior official returned from Baghdad on Monday.');
    await b.sync();
    await a.sync();
    for (const d of [a, b]) {
      expect(await stale(d, 'p1', 'ar')).toBe(true);
      expect(await stale(d, 'p1', 'ckb')).toBe(true);
      expect((await d.library.list()).articles[0]!.progress.ar.needsUpdate).toBe(1);
    }

    // A translator on the first device confirms the Arabic; the second device sees it confirmed.
    await markUpToDate(a, 'p1', 'ar');
    await a.sync();
    await b.sync();
    for (const d of [a, b]) {
      expect(await stale(d, 'p1', 'ar')).toBe(false);
      expect(await stale(d, 'p1', 'ckb')).toBe(true);
      expect(await d.conflicts()).toEqual([]);
    }
    expect(await a.fingerprint()).toBe(await b.fingerprint());
  });

  it('marks a translation made offline against the old source when another device changed the source', async () => {
    const [a, b] = await pair();
    await a.setText(SEED, 'p2', 'en', 'The official spoke about threats.');
    await b.setText(SEED, 'p2', 'ar', 'تحدث المسؤول عن التهديدات.');
    for (let pass = 0; pass < 2; pass++) {
      await a.sync();
      await b.sync();
    }
    // Two fields changed (the English and the Arabic), so no conflict; the Arabic was made
    // against the English as it was on the second device, so it needs an update everywhere.
    for (const d of [a, b]) {
      expect(await d.text(SEED, 'p2', 'ar')).toBe('تحدث المسؤول عن التهديدات.');
      expect(await stale(d, 'p2', 'ar')).toBe(true);
      expect(await d.conflicts()).toEqual([]);
    }
    expect(await a.fingerprint()).toBe(await b.fingerprint());
  });
});

describe('the text value in the shared folder', () => {
  const base = { text: 'نص', status: 'translated', changedBy: 'Shno', changedAt: '2026-11-25T10:00:00.000Z' };

  it('reads values written by devices that predate bases, and values with one', () => {
    const schema = valueSchemaFor(textKey('ar', 'p1'))!;
    const old = schema.safeParse(base);
    expect(old.success).toBe(true);
    expect(old.data).toEqual(base);
    const withBasis = { ...base, basis: { lang: 'en', text: 'Text' } };
    expect(schema.safeParse(withBasis).data).toEqual(withBasis);
    expect(schema.safeParse({ ...base, basis: { lang: 'fr', text: 'Texte' } }).success).toBe(false);
    expect(schema.safeParse({ ...base, basis: 'Text' }).success).toBe(false);
  });

  it('sends no change for a translation that an older device wrote and nobody touched since', () => {
    const device = 'd-aaaaaaaaaaaa' as DeviceId;
    const old = base as SegmentVersion;
    const state = ingestVersions(emptyArticleState('x'), [
      {
        key: 'exists',
        device,
        hlc: formatHlc(Date.UTC(2026, 10, 25), 0),
        seen: {},
        value: { deleted: false },
      },
      {
        key: 'seg:p1',
        device,
        hlc: formatHlc(Date.UTC(2026, 10, 25), 0),
        seen: {},
        value: { kind: 'paragraph', pos: 'm', deleted: false },
      },
      { key: textKey('ar', 'p1'), device, hlc: formatHlc(Date.UTC(2026, 10, 25), 0), seen: {}, value: old },
    ]);
    const empty = { text: '', status: 'empty', changedBy: null, changedAt: null } as const;
    const article: Article = {
      id: 'x',
      sourceLang: 'en',
      meta: { slug: '', desk: '', editionDate: null, byline: '', tags: [], url: null },
      // `basis: undefined` as an own key, as a careless spread would leave it: still the same value.
      segments: [
        {
          id: 'p1',
          kind: 'paragraph',
          versions: { en: empty, ar: { ...old, basis: undefined }, ckb: empty },
        },
      ],
      createdAt: '',
      updatedAt: '2026-11-25T10:00:00.000Z',
      revision: 1,
    };
    const local: LocalArticle = { location: 'articles', article };
    const changes = captureLocalChanges({
      device: 'd-bbbbbbbbbbbb' as DeviceId,
      hlc: formatHlc(Date.UTC(2026, 10, 26), 0),
      state,
      local,
    });
    expect(changes.map((c) => c.key)).not.toContain(textKey('ar', 'p1'));
  });
});
