// Article text into each output format as text, never as markup: whatever a text holds
// (<script>, <img onerror>, [x](javascript:…), {{< shortcode >}}, U+202E), the reader sees those
// characters and nothing runs, links or reorders outside its own element.
//
// Bidi controls and marks are written as character references / escapes rather than raw: the text
// is unchanged for readers and parsers, but the files themselves cannot display reordered in an
// editor or a code review (the "Trojan Source" trick).

const BIDI_FORMAT_CHARS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// Forbidden in HTML documents even as references (the Nu checker reports them): C0 controls other
// than tab/LF/CR, DEL, C1 controls, and noncharacters.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const HTML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufdd0-\ufdef\ufffe\uffff]/g;

function hex(ch: string): string {
  return ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Lone surrogates cannot be encoded as UTF-8; they become U+FFFD everywhere. */
export function wellFormed(text: string): string {
  // String.prototype.toWellFormed, which the ES2023 library typings do not declare yet.
  return text.replace(LONE_SURROGATE, '\ufffd');
}

/** Text content or a quoted attribute value in HTML. */
export function escapeHtml(text: string): string {
  return wellFormed(text)
    .replace(HTML_FORBIDDEN, '')
    .replace(/\r\n?/g, '\n')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(BIDI_FORMAT_CHARS, (ch) => `&#x${hex(ch)};`);
}

/** An attribute value on one line (meta description, og:title): line breaks become spaces. */
export function escapeHtmlAttribute(text: string): string {
  return escapeHtml(text.replace(/[\r\n\u2028\u2029]+/g, ' '));
}

// Characters with a meaning somewhere in CommonMark, GFM (tables, strikethrough), kramdown ($$ math),
// Hugo shortcodes ({{< >}} / {{% %}}) or Liquid ({{ }} / {% %}). Numeric character references are literal
// text in all of them (CommonMark §6.2), so they are the one escape every consumer reads the same way.
const MARKDOWN_SPECIAL = /[\\`*_[\]<>&{}|~]|\$(?=\$)|(?<=\$)\$/g;
// Markers that only count at the start of a line: headings, quotes, lists, setext underlines,
// thematic breaks, ordered-list numbers ("2025. A year…"), indented code.
const LINE_START = /^([ \t]*)([#>+\-=:]|\d{1,9}(?=[.)]))/;

function markdownRef(ch: string): string {
  return `&#${ch.codePointAt(0)};`;
}

/**
 * One paragraph of article text as Markdown that renders back to exactly that text. Line breaks
 * inside a segment become spaces (a segment is one paragraph).
 */
export function escapeMarkdown(text: string): string {
  const oneLine = wellFormed(text)
    .replace(HTML_FORBIDDEN, '')
    .replace(/[\r\n\u2028\u2029]+/g, ' ');
  let out = oneLine
    .replace(MARKDOWN_SPECIAL, markdownRef)
    .replace(BIDI_FORMAT_CHARS, (ch) => `&#x${hex(ch)};`);
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
  } else if (/^[ \t]/.test(out)) {
    out = out.replace(/^[ \t]+/, (ws) => ws.replace(/[ \t]/g, markdownRef));
  }
  // Two trailing spaces are a hard line break; harmless at the end of a paragraph, but exact is better.
  return out.replace(/[ \t]+$/, (ws) => ws.replace(/[ \t]/g, markdownRef));
}

// YAML 1.1 and 1.2 printable set (outside it a character must be escaped in a double-quoted scalar).
const YAML_NON_PRINTABLE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufeff\ufffe\uffff]/g;

/**
 * A double-quoted YAML scalar: always quoted, so no title can become a number, a date, a boolean
 * (`no` in YAML 1.1), an alias, a tag or a nested mapping; readable for Arabic and Sorani.
 */
export function yamlString(text: string): string {
  const body = wellFormed(text)
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\t/g, '\\t')
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n')
    .replace(/[\u2028\u2029\u0085]/g, (ch) => `\\u${hex(ch)}`)
    .replace(YAML_NON_PRINTABLE, (ch) => `\\u${hex(ch)}`)
    .replace(BIDI_FORMAT_CHARS, (ch) => `\\u${hex(ch)}`);
  return `"${body}"`;
}

/**
 * Pretty JSON (2 spaces, trailing newline) with bidi controls, line/paragraph separators and
 * C1 controls escaped; same value for every JSON parser.
 */
export function jsonFile(value: unknown): string {
  const json = JSON.stringify(value, null, 2);
  const safe = json.replace(
    /[\u0080-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g,
    (ch) => `\\u${hex(ch).toLowerCase()}`,
  );
  return `${safe}\n`;
}
