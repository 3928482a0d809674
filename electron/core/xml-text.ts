// Writing article text into XML (XLIFF, TMX, TBX): escaped, and every UTF-16 unit XML cannot carry
// (C0 controls, lone surrogates, U+FFFE/FFFF) handed to the format's own placeholder, so text
// round-trips exactly.

export function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

export function hex(cp: number): string {
  return cp.toString(16).toUpperCase().padStart(4, '0');
}

/** Element content: escaped, CR kept as a reference (parsers turn a raw CR into LF), placeholders for the rest. */
export function escapeXmlText(text: string, placeholder: (unit: number) => string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A surrogate pair is one valid character; a lone surrogate is not.
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += text[i]! + text[i + 1]!;
        i++;
        continue;
      }
    }
    const ch = text[i]!;
    if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '\r') out += '&#xD;';
    else if (!isXmlChar(unit)) out += placeholder(unit);
    else out += ch;
  }
  return out;
}
