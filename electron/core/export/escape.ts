// Article text into each output format as text, never as markup: whatever a text holds
// (<script>, <img onerror>, [x](javascript:…), {{< shortcode >}}, U+202E), the reader sees those
// characters and nothing runs, links or reorders outside its own element.
//
// Bidi controls and marks are written as character references / escapes rather than raw: the text
// is unchanged for readers and parsers, but the files themselves cannot display reordered in an
// editor or a code review (the "Trojan Source" trick).

// Each function below looks at a text once and rewrites only what needs it: an export renders
// thousands of pages, and most text needs no escape at all.
const BIDI_FORMAT_CHAR = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// Forbidden in HTML documents even as references (the Nu checker reports them): C0 controls other
// than tab/LF/CR, DEL, C1 controls, and noncharacters.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const HTML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufdd0-\ufdef\ufffe\uffff]/g;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const HTML_FORBIDDEN_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufdd0-\ufdef\ufffe\uffff]/;

function hex(ch: string): string {
  return ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
}

/** Lone surrogates cannot be encoded as UTF-8; they become U+FFFD everywhere. */
export function wellFormed(text: string): string {
  return text.isWellFormed() ? text : text.toWellFormed();
}

/** Without the characters no HTML document may hold (see HTML_FORBIDDEN). */
function withoutForbidden(text: string): string {
  return HTML_FORBIDDEN_CHAR.test(text) ? text.replace(HTML_FORBIDDEN, '') : text;
}

// What escapeHtml rewrites, found in one pass: line ends, the five markup characters, bidi controls
// and marks, and the forbidden characters.
const HTML_SPECIAL =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /\r\n?|[&<>"'\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufdd0-\ufdef\ufffe\uffff]/g;
// The same, to look for (a test costs half a replacement that finds nothing, measured).
const HTML_SPECIAL_CHAR =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\r&<>"'\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufdd0-\ufdef\ufffe\uffff]/;
const HTML_ENTITY: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text content or a quoted attribute value in HTML. */
export function escapeHtml(text: string): string {
  const input = wellFormed(text);
  if (!HTML_SPECIAL_CHAR.test(input)) return input;
  let forbidden = false;
  let lineEnd = false;
  const out = input.replace(HTML_SPECIAL, (ch) => {
    const entity = HTML_ENTITY[ch];
    if (entity !== undefined) return entity;
    if (ch[0] === '\r') {
      lineEnd = true;
      return '\n';
    }
    if (HTML_FORBIDDEN_CHAR.test(ch)) {
      forbidden = true;
      return '';
    }
    // Bidi controls and marks become references: see the top of this file.
    return `&#x${hex(ch)};`;
  });
  // A forbidden character is removed before line ends are read ("\r\u0001\n" is one line end):
  // the rare text with both takes a second pass.
  return forbidden && lineEnd ? escapeHtml(withoutForbidden(input)) : out;
}

/** An attribute value on one line (meta description, og:title): line breaks become spaces. */
export function escapeHtmlAttribute(text: string): string {
  return escapeHtml(text.replace(/[\r\n\u2028\u2029]+/g, ' '));
}

// Characters with a meaning somewhere in CommonMark, GFM (tables, strikethrough), kramdown ($$ math),
// Hugo shortcodes ({{< >}} / {{% %}}) or Liquid ({{ }} / {% %}), and the bidi controls and marks.
// Numeric character references are literal text in all of them (CommonMark §6.2), so they are the
// one escape every consumer reads the same way.
const MARKDOWN_SPECIAL = /[\\`*_[\]<>&{}|~\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\$(?=\$)|(?<=\$)\$/g;
// Whatever escapeMarkdownCharacters changes: the special characters, line breaks, the forbidden
// characters, and surrogates (a lone one is replaced; a pair merely takes the longer path). Most
// paragraphs of news copy hold none. Two classes, not one: V8 scanned two-byte Arabic and Sorani
// text for them at twice the speed of one class mixing ASCII and other characters (measured).
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const MARKDOWN_REWRITTEN_ASCII = /[\\`*_[\]<>&{}|~$\r\n\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const MARKDOWN_REWRITTEN_OTHER =
  /[\u0080-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]/;

/** A paragraph on one line, without forbidden characters, its special characters as references. */
function escapeMarkdownCharacters(text: string): string {
  let oneLine = withoutForbidden(wellFormed(text));
  if (/[\r\n\u2028\u2029]/.test(oneLine)) oneLine = oneLine.replace(/[\r\n\u2028\u2029]+/g, ' ');
  return oneLine.replace(MARKDOWN_SPECIAL, markdownSpecialRef);
}

// Markers that only count at the start of a line: headings, quotes, lists, setext underlines,
// thematic breaks, ordered-list numbers ("2025. A year…"), indented code.
const LINE_START = /^([ \t]*)([#>+\-=:]|\d{1,9}(?=[.)]))/;

function markdownRef(ch: string): string {
  return `&#${ch.codePointAt(0)};`;
}

function markdownSpecialRef(ch: string): string {
  return BIDI_FORMAT_CHAR.test(ch) ? `&#x${hex(ch)};` : markdownRef(ch);
}

function isSpaceOrTab(code: number | undefined): boolean {
  return code === 0x20 || code === 0x09;
}

/**
 * One paragraph of article text as Markdown that renders back to exactly that text. Line breaks
 * inside a segment become spaces (a segment is one paragraph).
 */
export function escapeMarkdown(text: string): string {
  let out =
    MARKDOWN_REWRITTEN_ASCII.test(text) || MARKDOWN_REWRITTEN_OTHER.test(text)
      ? escapeMarkdownCharacters(text)
      : text;
  const start = LINE_START.exec(out);
  if (start) {
    const [, indent = '', marker = ''] = start;
    // Leading white space would make an indented code block; the marker is written as a reference.
    const spaces = indent.replace(/[ \t]/g, markdownRef);
    const escapedMarker = /^\d/.test(marker)
      ? `${marker}${markdownRef(out[indent.length + marker.length]!)}`
      : markdownRef(marker);
    const rest = out.slice(indent.length + marker.length + (/^\d/.test(marker) ? 1 : 0));
    out = `${spaces}${escapedMarker}${rest}`;
  } else if (isSpaceOrTab(out.charCodeAt(0))) {
    out = out.replace(/^[ \t]+/, (ws) => ws.replace(/[ \t]/g, markdownRef));
  }
  // Two trailing spaces are a hard line break; harmless at the end of a paragraph, but exact is better.
  let end = out.length;
  while (end > 0 && isSpaceOrTab(out.charCodeAt(end - 1))) end--;
  return end === out.length ? out : out.slice(0, end) + out.slice(end).replace(/[ \t]/g, markdownRef);
}

// What a double-quoted YAML scalar must escape: the quote and backslash, line breaks, and what is
// outside the YAML 1.1 and 1.2 printable set; bidi controls and marks too (see the top of this file).
const YAML_ESCAPE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\\"\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const YAML_SHORT_ESCAPE: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '"': '\\"',
  '\t': '\\t',
  '\r': '\\r',
  '\n': '\\n',
};

/**
 * A double-quoted YAML scalar: always quoted, so no title can become a number, a date, a boolean
 * (`no` in YAML 1.1), an alias, a tag or a nested mapping; readable for Arabic and Sorani.
 */
export function yamlString(text: string): string {
  return `"${wellFormed(text).replace(YAML_ESCAPE, (ch) => YAML_SHORT_ESCAPE[ch] ?? `\\u${hex(ch)}`)}"`;
}

const JSON_ESCAPE = /[\u0080-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/**
 * Pretty JSON (2 spaces, trailing newline) with bidi controls, line/paragraph separators and
 * C1 controls escaped; same value for every JSON parser.
 */
export function jsonFile(value: unknown): string {
  const json = JSON.stringify(value, null, 2);
  return `${json.replace(JSON_ESCAPE, (ch) => `\\u${hex(ch).toLowerCase()}`)}\n`;
}
