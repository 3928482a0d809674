import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffAfter, diffBefore, diffWords, tokenize } from '../../electron/core/text-diff.ts';

describe('diffWords', () => {
  it('gives one unchanged part for equal texts, and nothing for two empty ones', () => {
    expect(diffWords('The budget passed.', 'The budget passed.')).toEqual([
      { kind: 'same', text: 'The budget passed.' },
    ]);
    expect(diffWords('', '')).toEqual([]);
  });

  it('marks an inserted and a removed word, whole words only', () => {
    expect(diffWords('The budget passed on Monday.', 'The federal budget passed on Tuesday.')).toEqual([
      { kind: 'same', text: 'The ' },
      { kind: 'added', text: 'federal ' },
      { kind: 'same', text: 'budget passed on ' },
      { kind: 'removed', text: 'Monday' },
      { kind: 'added', text: 'Tuesday' },
      { kind: 'same', text: '.' },
    ]);
  });

  it('reads neighbouring changed words as one replacement, not word by word', () => {
    expect(diffWords('said a senior official', 'said two junior ministers')).toEqual([
      { kind: 'same', text: 'said ' },
      { kind: 'removed', text: 'a senior official' },
      { kind: 'added', text: 'two junior ministers' },
    ]);
  });

  it('does not break a rewrite around a short shared word', () => {
    expect(diffWords('on Sunday presented a draft budget', 'on Monday approved a final budget')).toEqual([
      { kind: 'same', text: 'on ' },
      { kind: 'removed', text: 'Sunday presented a draft' },
      { kind: 'added', text: 'Monday approved a final' },
      { kind: 'same', text: ' budget' },
    ]);
  });

  it('keeps Arabic words whole, harakat included, and finds the changed number', () => {
    const before = 'قالَ المسؤولُ إنّ ٣ مشاريع أُقرّت، في بغداد.';
    const after = 'قالَ المسؤولُ الأمريكي إنّ ٥ مشاريع أُقرّت، في بغداد.';
    expect(diffWords(before, after)).toEqual([
      { kind: 'same', text: 'قالَ المسؤولُ ' },
      { kind: 'added', text: 'الأمريكي ' },
      { kind: 'same', text: 'إنّ ' },
      { kind: 'removed', text: '٣' },
      { kind: 'added', text: '٥' },
      { kind: 'same', text: ' مشاريع أُقرّت، في بغداد.' },
    ]);
  });

  it('keeps a Sorani word with a zero-width non-joiner as one word', () => {
    const word = 'دەیانەوێ\u200cبڕۆن';
    expect(tokenize(`ئەوان ${word} بۆ هەولێر`)).toEqual(['ئەوان', ' ', word, ' ', 'بۆ', ' ', 'هەولێر']);
    expect(diffWords(`ئەوان ${word}`, `ئەوان ناڕۆن`)).toEqual([
      { kind: 'same', text: 'ئەوان ' },
      { kind: 'removed', text: word },
      { kind: 'added', text: 'ناڕۆن' },
    ]);
  });

  it('shows a whole rewrite as one replacement when the texts are too long to compare word by word', () => {
    const before = Array.from({ length: 3000 }, (_, i) => `a${i}`).join(' ');
    const after = Array.from({ length: 3000 }, (_, i) => `b${i}`).join(' ');
    expect(diffWords(before, after)).toEqual([
      { kind: 'removed', text: before },
      { kind: 'added', text: after },
    ]);
  });

  it('always spells the old text with its unchanged and removed parts, and the new with unchanged and added', () => {
    const words = fc.constantFrom(
      'the',
      'budget',
      'المسؤول',
      'بڕیار',
      'ک\u200cی',
      '3',
      '٣',
      ',',
      '،',
      ' ',
      '  ',
      '\n',
    );
    const text = fc.array(words, { maxLength: 30 }).map((w) => w.join(''));
    fc.assert(
      fc.property(text, text, (before, after) => {
        const parts = diffWords(before, after);
        expect(diffBefore(parts)).toBe(before);
        expect(diffAfter(parts)).toBe(after);
        // Merged runs: no two neighbours of one kind, and no empty part.
        for (let i = 0; i < parts.length; i++) {
          expect(parts[i]!.text).not.toBe('');
          if (i > 0) expect(parts[i]!.kind).not.toBe(parts[i - 1]!.kind);
        }
      }),
      { numRuns: 500 },
    );
  });
});
