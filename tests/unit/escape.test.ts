// escapeHtml is how every article text reaches an exported page: whatever the text holds, the page
// must show exactly it (line ends normalised, characters no HTML document may hold removed) and
// nothing in it may become markup or reorder the page.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../electron/core/export/escape.ts';

// Plain letters in three scripts, the markup characters, line ends, bidi controls and marks,
// controls and noncharacters no document may hold, and a lone surrogate.
const ALPHABET = [
  'a', 'Z', ' ', '9', 'س', 'ڵ', '٣', '\n', '\r', '&', '<', '>', '"', "'", ';', '#',
  '\u202e', '\u2067', '\u2069', '\u200f', '\u061c', '\u0001', '\u000c', '\u007f', '\u0085',
  '\ufdd0', '\uffff', '\ud800',
]; // prettier-ignore

/** What a browser reads back from escaped text: the references escapeHtml writes, decoded. */
function decode(html: string): string {
  return html.replace(/&(amp|lt|gt|quot|#39|#x[0-9A-F]+);/g, (_, name: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };
    return named[name] ?? String.fromCodePoint(parseInt(name.slice(2), 16));
  });
}

/** The text a page must show: well-formed, line ends as \n, without forbidden characters. */
function expected(text: string): string {
  return (
    text
      .toWellFormed()
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufdd0-\ufdef\ufffe\uffff]/g, '')
      .replace(/\r\n?/g, '\n')
  );
}

describe('escapeHtml', () => {
  it('shows any text exactly, and nothing in it is markup, a raw control or a bidi control', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 24 }), (chars) => {
        const text = chars.join('');
        const html = escapeHtml(text);
        expect(html).not.toMatch(/[<>"'\r\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/);
        expect(html).not.toMatch(/&(?!(?:amp|lt|gt|quot|#39|#x[0-9A-F]+);)/);
        expect(decode(html)).toBe(expected(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives plain text back unchanged', () => {
    const text = 'شارەوانیی سلێمانی ٢٠٢٥ — The budget, 14% up';
    expect(escapeHtml(text)).toBe(text);
  });
});
