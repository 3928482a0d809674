// Checks on one text at a time: hidden direction characters, text that looks like markup, Latin
// punctuation in Arabic-script copy, control characters, and the links a text holds.
// ZWNJ (U+200C) is a joining control that Sorani spelling needs: nothing here flags or strips it.

/** Embeddings and overrides (U+202A–202E) and isolates (U+2066–2069): they reorder what readers see. */
export const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/g;
/** LRM, RLM, ALM: legitimate in some RTL copy, so only worth a warning. */
export const DIRECTION_MARK = /[\u200e\u200f\u061c]/g;

export interface CharHit {
  /** U+XXXX */
  char: string;
  offset: number;
}

function hits(text: string, pattern: RegExp): CharHit[] {
  // Almost every text has none: one test before building the list.
  pattern.lastIndex = 0;
  const any = pattern.test(text);
  pattern.lastIndex = 0;
  if (!any) return [];
  return [...text.matchAll(pattern)].map((m) => ({
    char: `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
    offset: m.index,
  }));
}

export function findBidiControls(text: string): CharHit[] {
  return hits(text, BIDI_CONTROL);
}

export function findDirectionMarks(text: string): CharHit[] {
  return hits(text, DIRECTION_MARK);
}

/**
 * Removes the bidi embedding, override and isolate controls (and, with `marks`, LRM/RLM/ALM too).
 * Never removes ZWNJ or any other character: the editor's "Strip characters" fix.
 */
export function stripBidiControls(text: string, options: { marks?: boolean } = {}): string {
  const stripped = text.replace(BIDI_CONTROL, '');
  return options.marks ? stripped.replace(DIRECTION_MARK, '') : stripped;
}

// C0 controls other than tab and line breaks, DEL, and C1 controls: invisible, and forbidden in HTML.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

export function findControlCharacters(text: string): CharHit[] {
  return hits(text, CONTROL_CHAR);
}

// Any character findBidiControls, findDirectionMarks or findControlCharacters looks for: one test
// for the three (almost no text has any) costs less than their three (measured, Arabic text).
const ANY_INVISIBLE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/;

/** Whether the text holds a bidi control, a direction mark or a control character. */
export function hasInvisibleCharacters(text: string): boolean {
  return ANY_INVISIBLE.test(text);
}

// A tag (<p>, </b>, <img src=x onerror=…>, <br/>), a comment, or a character reference (&amp; &#60;).
const LOOKS_LIKE_HTML =
  /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>|<!--|&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});/;

export function looksLikeHtml(text: string): string | null {
  return LOOKS_LIKE_HTML.exec(text)?.[0] ?? null;
}

// ---------------------------------------------------------------------------------------------
// Links

// Up to white space, quotes, guillemets, angle brackets and Arabic-script punctuation: in RTL copy
// a URL is often followed directly by ، or ؛ (corpus T6).
const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"«»\u060c\u061b\u061f]+/gi;
const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// Sentence punctuation glued after a link is not part of it.
const TRAILING_PUNCTUATION = /[.,;:!?'’”)\]}]+$/;

export interface FoundLink {
  kind: 'url' | 'email';
  value: string;
  offset: number;
}

function trimLink(value: string): string {
  let out = value.replace(TRAILING_PUNCTUATION, '');
  // A closing parenthesis belongs to the URL only when it closes one inside it (Wikipedia links).
  if (value.length > out.length && value.slice(out.length).startsWith(')')) {
    const opens = (out.match(/\(/g) ?? []).length;
    const closes = (out.match(/\)/g) ?? []).length;
    if (opens > closes) out = value.slice(0, out.length + 1);
  }
  return out;
}

/** URLs and e-mail addresses, in order. */
export function findLinks(text: string): FoundLink[] {
  const links: FoundLink[] = [];
  // Most segments hold no link: skip the scans (the e-mail pattern is slow on long Arabic text).
  const maybeUrl = text.includes('://') || /www\./i.test(text);
  if (!maybeUrl && !text.includes('@')) return links;
  const covered: [number, number][] = [];
  for (const m of text.matchAll(URL_PATTERN)) {
    const value = trimLink(m[0]);
    links.push({ kind: 'url', value, offset: m.index });
    covered.push([m.index, m.index + value.length]);
  }
  for (const m of text.matchAll(EMAIL_PATTERN)) {
    if (covered.some(([from, to]) => m.index >= from && m.index < to)) continue;
    links.push({ kind: 'email', value: m[0].replace(/\.+$/, ''), offset: m.index });
  }
  return links.sort((a, b) => a.offset - b.offset);
}

/** Links as compared between languages: scheme and host are case-insensitive, the rest is not. */
export function linkKey(link: FoundLink): string {
  if (link.kind === 'email') return `mailto:${link.value.toLowerCase()}`;
  const match = /^(https?:\/\/)?([^/?#]*)(.*)$/i.exec(link.value);
  return `${(match?.[1] ?? '').toLowerCase()}${(match?.[2] ?? '').toLowerCase()}${match?.[3] ?? ''}`;
}

// ---------------------------------------------------------------------------------------------
// Punctuation

const LATIN_PUNCTUATION = /[?;,]/g;
const LATIN_WORD_CHAR = /[A-Za-z0-9]/;
const DIGIT = /[0-9\u0660-\u0669\u06f0-\u06f9]/;

function neighbour(text: string, from: number, step: 1 | -1): string {
  for (let i = from; i >= 0 && i < text.length; i += step) {
    const ch = text[i]!;
    if (ch !== ' ') return ch;
  }
  return '';
}

/**
 * Whether `at` falls inside one of the links. A loop rather than map and some: the QA of every
 * exported article runs this, and V8 kept deoptimising it at arrays that map made (see buildNinjs
 * in export/ninjs.ts).
 */
function insideLink(links: readonly FoundLink[], at: number): boolean {
  for (const link of links) if (at >= link.offset && at < link.offset + link.value.length) return true;
  return false;
}

/**
 * Latin `? ; ,` in Arabic-script copy, where `؟ ؛ ،` are expected. Not flagged: a comma between
 * digits (1,046,000 is a number), punctuation inside a URL or e-mail, and punctuation inside a run
 * of Latin text (a quoted English phrase keeps its own punctuation).
 */
export function findLatinPunctuation(text: string, links: readonly FoundLink[] = findLinks(text)): CharHit[] {
  const found: CharHit[] = [];
  // exec on the one global pattern rather than matchAll, which copies the pattern at every call.
  LATIN_PUNCTUATION.lastIndex = 0;
  for (let m = LATIN_PUNCTUATION.exec(text); m !== null; m = LATIN_PUNCTUATION.exec(text)) {
    const at = m.index;
    if (insideLink(links, at)) continue;
    const before = text[at - 1] ?? '';
    const after = text[at + 1] ?? '';
    if (m[0] === ',' && DIGIT.test(before) && DIGIT.test(after)) continue;
    if (LATIN_WORD_CHAR.test(neighbour(text, at - 1, -1)) && LATIN_WORD_CHAR.test(neighbour(text, at + 1, 1)))
      continue;
    found.push({ char: m[0], offset: at });
  }
  return found;
}
