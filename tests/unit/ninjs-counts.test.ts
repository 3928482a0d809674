// ninjs bodies carry charCount and wordCount: counted with loops (bodies are long and an export
// counts thousands), the same as the obvious definitions.
import { describe, expect, it } from 'vitest';
import { charCount, wordCount } from '../../electron/core/export/ninjs.ts';

describe('ninjs body counts', () => {
  const splitWords = (text: string) => text.split(/\s+/u).filter((w) => w !== '').length;

  it('counts words as runs between JavaScript white space, for every character', () => {
    for (let code = 0; code < 0x10000; code++) {
      const text = `a${String.fromCharCode(code)}b`;
      expect.soft(wordCount(text), code.toString(16)).toBe(splitWords(text));
    }
    expect(wordCount('  پارێزگای سلێمانی\u00a0budget  2026 ')).toBe(4);
  });

  it('counts characters as code points', () => {
    expect(charCount('a😀ب')).toBe(3);
    expect(charCount('')).toBe(0);
  });
});
