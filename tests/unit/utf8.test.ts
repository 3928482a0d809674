// decodeUtf8 replaces `toString('utf8')` wherever article files are read: it must give the very
// same string for every input, valid or not, or an article would change as it is read.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUtf8 } from '../../electron/core/node/utf8.ts';

const CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpus');
const viaBuffer = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

describe('decodeUtf8', () => {
  it('reads the trilingual corpus exactly as Node does', () => {
    const files = readdirSync(CORPUS).filter((name) => name.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) {
      const bytes = readFileSync(path.join(CORPUS, name));
      expect(decodeUtf8(bytes)).toBe(bytes.toString('utf8'));
    }
  });

  it('keeps Sorani, Arabic, emoji, a BOM, NUL and bidi controls as they are', () => {
    const text = '\ufeffپرد — جسر ١٢٫٥٪ 😀 a\u0000b \u202eRLO\u202c \u2067iso\u2069';
    expect(decodeUtf8(Buffer.from(text, 'utf8'))).toBe(text);
    expect(decodeUtf8(new Uint8Array())).toBe('');
  });

  it('replaces bytes that are not UTF-8 as Node does (a damaged file still reads)', () => {
    const damaged = [
      [0x41, 0xff, 0x42], // a byte that is never UTF-8
      [0xe2, 0x82], // a character cut short
      [0xed, 0xa0, 0x80], // an encoded surrogate
      [0xc0, 0xaf], // an overlong slash
      [0xd8, 0xb3, 0x80, 0xd9], // Arabic with a stray continuation and a cut
    ];
    for (const bytes of damaged) {
      const decoded = decodeUtf8(Uint8Array.from(bytes));
      expect(decoded).toBe(viaBuffer(Uint8Array.from(bytes)));
      expect(decoded).toContain('\ufffd');
    }
  });

  it('decodes a view into a larger buffer from its own offset', () => {
    const whole = Buffer.from('xxسڵاوyy', 'utf8');
    const view = new Uint8Array(whole.buffer, whole.byteOffset + 2, whole.length - 4);
    expect(decodeUtf8(view)).toBe('سڵاو');
  });

  it('matches toString for any bytes and any text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => decodeUtf8(bytes) === viaBuffer(bytes)),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        return decodeUtf8(Buffer.from(text, 'utf8')) === text;
      }),
      { numRuns: 1000 },
    );
  });
});
