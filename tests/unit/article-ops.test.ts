import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createArticle,
  deleteSegment,
  insertSegment,
  isValidArticleId,
  mergeWithNext,
  moveSegment,
  newArticleId,
  setSegmentStatus,
  setSegmentText,
  setSourceLang,
  slugify,
  splitSegment,
  summarizeArticle,
  updateMeta,
} from '../../electron/core/article-ops.ts';
import { PirdError } from '../../electron/core/errors.ts';
import { importArticleFile } from '../../electron/core/import/index.ts';
import type { Article, Lang, Status } from '../../electron/core/model.ts';
import { deepFreeze, readCorpusText, texts } from './fixtures/library-fixtures.ts';

const NOW = '2026-11-25T10:00:00.000Z';
const LATER = '2026-11-25T11:00:00.000Z';

async function seed(): Promise<Article> {
  const [outcome] = importArticleFile('seed-article.json', await readCorpusText('seed-article.json'), {
    author: 'importer',
    now: NOW,
    existing: () => null,
  });
  return deepFreeze(outcome!.article);
}

function expectPirdError(fn: () => unknown, code: string, message?: RegExp): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PirdError);
    expect((error as PirdError).code).toBe(code);
    if (message) expect((error as PirdError).message).toMatch(message);
    return;
  }
  throw new Error('expected a PirdError');
}

/** For each segment, its texts in all languages: alignment means these rows move together. */
function rows(a: Article): string[] {
  return a.segments.map((s) => `${s.versions.en.text}|${s.versions.ar.text}|${s.versions.ckb.text}`);
}

describe('createArticle', () => {
  it('makes kicker, headline, dateline and one paragraph, with the headline in the source language', () => {
    const a = createArticle({ sourceLang: 'en', headline: 'Budget passes' }, 'Rawa', NOW);
    expect(a.segments.map((s) => s.kind)).toEqual(['kicker', 'headline', 'dateline', 'paragraph']);
    expect(a.segments[1]!.versions.en).toEqual({
      text: 'Budget passes',
      status: 'draft',
      changedBy: 'Rawa',
      changedAt: NOW,
    });
    expect(a.segments[1]!.versions.ar.status).toBe('empty');
    expect(a.meta.slug).toBe('budget-passes');
    expect(a.revision).toBe(1);
    expect(isValidArticleId(a.id)).toBe(true);
    expect(a.id).toMatch(/^a-[a-z2-7]{12}$/);
    expect(new Set(a.segments.map((s) => s.id)).size).toBe(4);
  });

  it('makes distinct URL-safe ids', () => {
    const ids = new Set(Array.from({ length: 500 }, newArticleId));
    expect(ids.size).toBe(500);
  });

  it('keeps Arabic letters in the slug of an Arabic-only headline and falls back to the id', () => {
    const ar = createArticle({ sourceLang: 'ar', headline: 'حصري: مسؤول أمريكي «نرفض الانسحاب»' }, 'x', NOW);
    expect(ar.meta.slug).toBe('حصري-مسؤول-أمريكي-نرفض-الانسحاب');
    const none = createArticle({ sourceLang: 'en', headline: '!!! ???' }, 'x', NOW);
    expect(none.meta.slug).toBe(none.id);
  });

  it('takes a slug and metadata given in meta', () => {
    const a = createArticle(
      {
        sourceLang: 'en',
        headline: 'X',
        meta: { slug: 'My Slug', desk: ' Politics ', tags: ['a', 'a', 'b'] },
      },
      'x',
      NOW,
    );
    expect(a.meta).toMatchObject({ slug: 'my-slug', desk: 'Politics', tags: ['a', 'b'] });
  });
});

describe('slugify', () => {
  it.each([
    ['Exclusive: U.S. Official: We are in dialogue', 'exclusive-us-official-we-are-in-dialogue'],
    ['Film shot on an iPhone 15 wins', 'film-shot-on-an-iphone-15-wins'],
    ['dengbêj night in Duhok', 'dengbej-night-in-duhok'],
    ['پێش‌بینی بودجە', 'پێش-بینی-بودجە'],
    ['نظراً لـ ٢٠٢٥', 'نظرا-ل-٢٠٢٥'],
    ['../../etc/passwd', 'etc-passwd'],
    ['CON', 'con-article'],
  ])('slugify(%j) = %j', (input, slug) => {
    expect(slugify(input)).toBe(slug);
  });

  it('gives only characters that are safe in file names on every OS', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const slug = slugify(s);
        // Nothing Windows or POSIX refuses in a file name, no control, format or bidi character, no dot.
        expect(slug).not.toMatch(/[<>:"/\\|?*.\p{Cc}\p{Cf}]/u);
        expect(slug.length).toBeLessThanOrEqual(80);
        expect(slug).not.toMatch(/^-|-$/);
      }),
    );
  });
});

describe('setSegmentText', () => {
  it('stores hostile and invisible characters exactly', async () => {
    const a = await seed();
    const hostile = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      'abc\u202Edef',
      '\u2066iPhone 15\u2069 \u2067x\u2069 \u2068y\u2069',
      'پێش\u200Cبینی',
    ];
    for (const text of hostile) {
      const next = setSegmentText(a, 'p1', 'ckb', text, undefined, 'Rawa', LATER);
      expect(next.segments.find((s) => s.id === 'p1')!.versions.ckb.text).toBe(text);
    }
  });

  it('normalises to NFC and nothing else', async () => {
    const a = await seed();
    const decomposed = 'dengbe\u0302j \u0627\u0653'; // ê and آ written decomposed
    const next = setSegmentText(a, 'p1', 'en', decomposed, undefined, 'Rawa', LATER);
    expect(next.segments.find((s) => s.id === 'p1')!.versions.en.text).toBe('dengb\u00EAj \u0622');
    expect(next.segments.find((s) => s.id === 'p1')!.versions.en.text).toBe(decomposed.normalize('NFC'));
  });

  it('keeps the status without an explicit one, and records who changed the text and when', async () => {
    const a = await seed();
    const next = setSegmentText(a, 'p2', 'ar', 'نص جديد', undefined, 'Rawa', LATER);
    const p2 = next.segments.find((s) => s.id === 'p2')!;
    expect(p2.versions.ar).toEqual({
      text: 'نص جديد',
      status: 'translated',
      changedBy: 'Rawa',
      changedAt: LATER,
      basis: { lang: 'en', text: p2.versions.en.text },
    });
    expect(next.segments.find((s) => s.id === 'p2')!.versions.en).toBe(
      a.segments.find((s) => s.id === 'p2')!.versions.en,
    );
  });

  it('makes an empty segment draft, text set to empty `empty`, and uses an explicit status as given', () => {
    const a = deepFreeze(createArticle({ sourceLang: 'en' }, 'x', NOW));
    const drafted = setSegmentText(a, 'p1', 'ar', 'نص', undefined, 'R', LATER);
    expect(drafted.segments[3]!.versions.ar.status).toBe('draft');
    const cleared = setSegmentText(drafted, 'p1', 'ar', '', undefined, 'R', LATER);
    expect(cleared.segments[3]!.versions.ar).toMatchObject({ text: '', status: 'empty' });
    const explicit = setSegmentText(a, 'p1', 'ar', 'نص', 'reviewed', 'R', LATER);
    expect(explicit.segments[3]!.versions.ar.status).toBe('reviewed');
  });

  it('returns the same article when nothing changes, and never mutates its input', async () => {
    const a = await seed();
    const same = setSegmentText(a, 'p1', 'en', a.segments[3]!.versions.en.text, undefined, 'R', LATER);
    expect(same).toBe(a);
  });

  it('refuses an unknown segment with not-found', async () => {
    const a = await seed();
    expectPirdError(() => setSegmentText(a, 'nope', 'en', 'x', undefined, 'R', LATER), 'not-found', /nope/);
  });
});

describe('setSegmentStatus', () => {
  it('changes only the status and records the author', async () => {
    const a = await seed();
    const next = setSegmentStatus(a, 'headline', 'ckb', 'reviewed', 'Shno', LATER);
    const version = next.segments[1]!.versions.ckb;
    expect(version).toMatchObject({
      status: 'reviewed',
      changedBy: 'Shno',
      changedAt: LATER,
      text: a.segments[1]!.versions.ckb.text,
    });
  });
});

describe('structural edits keep languages aligned', () => {
  it('inserts an empty segment with a new id after the given one, or at the top', async () => {
    const a = await seed();
    const next = insertSegment(a, 'p2', undefined, 'R', LATER);
    const index = next.segments.findIndex((s) => s.id === 'p2') + 1;
    const inserted = next.segments[index]!;
    expect(inserted.kind).toBe('paragraph');
    expect(a.segments.some((s) => s.id === inserted.id)).toBe(false);
    expect(inserted.versions.ar).toMatchObject({ text: '', status: 'empty' });
    expect(rows(next).filter((_, i) => i !== index)).toEqual(rows(a));
    expect(insertSegment(a, null, 'summary', 'R', LATER).segments[0]!.kind).toBe('summary');
  });

  it('splits the languages that have an offset, trimming at the cut, and keeps the others whole in the first part', async () => {
    const a = await seed();
    const p3 = a.segments.find((s) => s.id === 'p3')!;
    const enCut = p3.versions.en.text.indexOf('. ') + 1;
    const arCut = p3.versions.ar.text.indexOf(' ', 40);
    const next = splitSegment(a, 'p3', { en: enCut, ar: arCut }, 'R', LATER);
    const i = next.segments.findIndex((s) => s.id === 'p3');
    const [first, second] = [next.segments[i]!, next.segments[i + 1]!];
    expect(second.id).not.toBe('p3');
    expect(first.versions.en.text).toBe(p3.versions.en.text.slice(0, enCut));
    expect(second.versions.en.text).toBe(p3.versions.en.text.slice(enCut + 1));
    expect(first.versions.ar.text + ' ' + second.versions.ar.text).toBe(p3.versions.ar.text);
    expect(first.versions.ckb).toBe(p3.versions.ckb);
    expect(second.versions.ckb).toMatchObject({ text: '', status: 'empty' });
    expect(second.versions.en.status).toBe('approved');
    expect(second.versions.ar.status).toBe('translated');
    // Every other segment is untouched and in order.
    expect(rows(next).filter((_, k) => k !== i && k !== i + 1)).toEqual(
      rows(a).filter((_, k) => k !== a.segments.indexOf(p3)),
    );
  });

  it('gives an empty part of a split the status empty', async () => {
    const a = await seed();
    const next = splitSegment(a, 'p1', { en: 0 }, 'R', LATER);
    expect(next.segments[3]!.versions.en).toMatchObject({ text: '', status: 'empty' });
    expect(next.segments[4]!.versions.en.status).toBe('approved');
  });

  it('refuses split offsets outside the text and splits of headlines', async () => {
    const a = await seed();
    expectPirdError(() => splitSegment(a, 'p1', { en: 100_000 }, 'R', LATER), 'invalid-input', /outside/);
    expectPirdError(() => splitSegment(a, 'headline', { en: 3 }, 'R', LATER), 'invalid-input', /headline/);
  });

  it('merges with the next paragraph: one space between texts, the lower status, and the status of the only side with text', async () => {
    let a = await seed();
    a = setSegmentStatus(a, 'p2', 'ar', 'reviewed', 'R', LATER);
    a = setSegmentText(a, 'p2', 'ckb', '', undefined, 'R', LATER);
    a = setSegmentStatus(a, 'p1', 'ckb', 'approved', 'R', LATER);
    const p1 = a.segments[3]!;
    const p2 = a.segments[4]!;
    const merged = mergeWithNext(deepFreeze(a), 'p1', 'R', LATER);
    const m = merged.segments[3]!;
    expect(merged.segments).toHaveLength(a.segments.length - 1);
    expect(m.id).toBe('p1');
    expect(m.versions.en.text).toBe(`${p1.versions.en.text} ${p2.versions.en.text}`);
    expect(m.versions.ar.status).toBe('translated');
    expect(m.versions.ckb.text).toBe(p1.versions.ckb.text);
    expect(m.versions.ckb.status).toBe('approved');
    expect(merged.segments[4]!.id).toBe('p3');
  });

  it('takes the text and status of the second segment when the first is empty in that language', async () => {
    let a = await seed();
    a = setSegmentText(a, 'p1', 'ckb', '', undefined, 'R', LATER);
    const merged = mergeWithNext(a, 'p1', 'R', LATER);
    expect(merged.segments[3]!.versions.ckb).toMatchObject({
      text: a.segments[4]!.versions.ckb.text,
      status: 'translated',
    });
  });

  it('refuses to merge the last segment or a headline', async () => {
    const a = await seed();
    expectPirdError(() => mergeWithNext(a, 'p8', 'R', LATER), 'invalid-input', /last/);
    expectPirdError(() => mergeWithNext(a, 'headline', 'R', LATER), 'invalid-input', /headline/);
  });

  it('moves a segment with all its languages', async () => {
    const a = await seed();
    const next = moveSegment(a, 'p8', 3);
    expect(next.segments.map((s) => s.id)).toEqual([
      'kicker',
      'headline',
      'dateline',
      'p8',
      'p1',
      'p2',
      'p3',
      'p4',
      'p5',
      'p6',
      'p7',
    ]);
    expect(rows(next)[3]).toBe(rows(a)[10]);
    expectPirdError(() => moveSegment(a, 'p8', 11), 'invalid-input');
  });

  it('deletes a segment in every language, but never the headline or the last paragraph', async () => {
    const a = await seed();
    const next = deleteSegment(a, 'p4');
    expect(rows(next)).toEqual(rows(a).filter((_, i) => i !== 6));
    expectPirdError(() => deleteSegment(a, 'headline'), 'invalid-input', /headline/);
    const single = createArticle({ sourceLang: 'en' }, 'x', NOW);
    expectPirdError(() => deleteSegment(single, 'p1'), 'invalid-input', /last paragraph/);
    expect(deleteSegment(single, 'kicker').segments.map((s) => s.id)).toEqual(['headline', 'dateline', 'p1']);
  });

  it('keeps every segment whole across any sequence of edits (property)', async () => {
    const base = await seed();
    const op = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat() }),
      fc.record({
        kind: fc.constant('split' as const),
        at: fc.nat(),
        offset: fc.nat(400),
        langs: fc.subarray(['en', 'ar', 'ckb'] as Lang[]),
      }),
      fc.record({ kind: fc.constant('merge' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('move' as const), at: fc.nat(), to: fc.nat() }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
        let a = base;
        for (const o of ops) {
          const segment = a.segments[o.at % a.segments.length]!;
          const before = deepFreeze(a);
          try {
            if (o.kind === 'insert') a = insertSegment(a, segment.id, undefined, 'R', LATER);
            if (o.kind === 'split') {
              const offsets = Object.fromEntries(
                o.langs.map((l) => [l, Math.min(o.offset, segment.versions[l].text.length)]),
              );
              a = splitSegment(a, segment.id, offsets, 'R', LATER);
            }
            if (o.kind === 'merge') a = mergeWithNext(a, segment.id, 'R', LATER);
            if (o.kind === 'move') a = moveSegment(a, segment.id, o.to % a.segments.length);
            if (o.kind === 'delete') a = deleteSegment(a, segment.id);
          } catch (error) {
            expect(error).toBeInstanceOf(PirdError);
            expect(a).toBe(before);
          }
          expect(new Set(a.segments.map((s) => s.id)).size).toBe(a.segments.length);
          expect(a.segments.filter((s) => s.kind === 'headline')).toHaveLength(1);
          expect(a.segments.some((s) => s.kind === 'paragraph')).toBe(true);
          for (const s of a.segments) {
            for (const l of ['en', 'ar', 'ckb'] as const) {
              const v = s.versions[l];
              // Imported texts are never empty, so here: empty text exactly when status empty.
              expect(v.status === 'empty').toBe(v.text === '');
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('restores the text when a paragraph split at a space is merged back (property)', () => {
    const words = fc.array(fc.stringMatching(/^[a-z\u0600-\u06ff\u200c]{1,8}$/), {
      minLength: 2,
      maxLength: 12,
    });
    fc.assert(
      fc.property(words, fc.nat(), (ws, k) => {
        const text = ws.join(' ');
        const cutWord = 1 + (k % (ws.length - 1));
        const offset = ws.slice(0, cutWord).join(' ').length;
        const a = setSegmentText(
          createArticle({ sourceLang: 'en' }, 'x', NOW),
          'p1',
          'ckb',
          text,
          'translated',
          'R',
          LATER,
        );
        const split = splitSegment(a, 'p1', { ckb: offset }, 'R', LATER);
        const merged = mergeWithNext(split, 'p1', 'R', LATER);
        expect(texts(merged, 'ckb')).toEqual(texts(a, 'ckb'));
        expect(merged.segments[3]!.versions.ckb.status).toBe('translated');
      }),
    );
  });
});

describe('meta and source language', () => {
  it('patches only the given fields and validates the edition date', async () => {
    const a = await seed();
    const next = updateMeta(a, { desk: 'Politics', editionDate: '2026-11-25' });
    expect(next.meta).toMatchObject({ desk: 'Politics', editionDate: '2026-11-25', slug: a.meta.slug });
    expectPirdError(() => updateMeta(a, { editionDate: '2026-02-30' }), 'invalid-input', /date/);
    expect(updateMeta(a, { url: '' }).meta.url).toBeNull();
  });

  it('changes the source language without touching statuses', async () => {
    const a = await seed();
    const next = setSourceLang(a, 'ar');
    expect(next.sourceLang).toBe('ar');
    expect(next.segments).toBe(a.segments);
    expect(setSourceLang(a, 'en')).toBe(a);
  });
});

describe('summarizeArticle', () => {
  it('counts segments by status per language and names the last author', async () => {
    const a = setSegmentStatus(await seed(), 'p1', 'ar', 'reviewed', 'Shno', LATER);
    const summary = summarizeArticle(a);
    expect(summary.progress.en).toEqual({
      total: 11,
      byStatus: { empty: 0, draft: 0, translated: 0, reviewed: 0, approved: 11 },
      needsUpdate: 0,
      // The seed article's English words (progress/word-count.ts; a whitespace split agrees here).
      words: { empty: 0, draft: 0, translated: 0, reviewed: 0, approved: 491 },
    });
    const ar: Record<Status, number> = { empty: 0, draft: 0, translated: 10, reviewed: 1, approved: 0 };
    expect(summary.progress.ar.byStatus).toEqual(ar);
    expect(summary.headline.ckb).toBe(a.segments[1]!.versions.ckb.text);
    expect(summary.updatedBy).toBe('Shno');
  });
});
