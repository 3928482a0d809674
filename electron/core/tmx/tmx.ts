// TMX 1.4b interchange of the translation memory (issue 5). Pure: units in, text out, and back.
// Export holds the library's trusted pairs (tm/trust.ts) for one language pair; import reads any
// TMX 1.4 file's translation units for Pird's languages. Text travels exactly: & < > escaped, CR as a
// reference, ZWNJ and bidi controls as they are; a character XML 1.0 cannot hold travels as
// <ph type="x-pird-cp">HEX</ph> and comes back. Parsing refuses a DTD (no entity expansion, no fetch).
import type { Element as XmlElement } from '@xmldom/xmldom';
import { childElements, langOfTag, parseSafeXml, xmlLang } from '../glossary/glossary.ts';
import { PirdError } from '../errors.ts';
import type { Article, Lang } from '../model.ts';
import { isTrustedPair } from '../tm/trust.ts';
import { escapeXmlText, hex } from '../xml-text.ts';

export const TM_FORMAT = 'pird.tm';
/** Version 2 keeps who last changed a pair and when (TMX changeid / changedate). */
export const TM_FORMAT_VERSION = 2;

export interface TmUnit {
  sourceLang: Lang;
  targetLang: Lang;
  source: string;
  target: string;
  /** Where the pair came from: `<article id>/<segment id>` on export, the file's tuid on import. */
  origin?: string;
  /** Who last changed the translation (TMX changeid, else creationid). */
  changedBy?: string;
  /** When, as an ISO time (TMX changedate, else creationdate: YYYYMMDDThhmmssZ). */
  changedAt?: string;
}

const TMX_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** A TMX date (YYYYMMDDThhmmssZ) as an ISO time; null when it is not one. */
export function isoFromTmxDate(value: string): string | null {
  const m = TMX_DATE.exec(value.trim());
  if (m === null) return null;
  const [, y, mo, d, h, mi, se] = m.map(Number) as [number, number, number, number, number, number, number];
  const time = Date.UTC(y, mo - 1, d, h, mi, se);
  const date = new Date(time);
  // Date.UTC rolls 2025-02-30 over into March: such a date is not one.
  if (
    Number.isNaN(time) ||
    date.getUTCMonth() !== mo - 1 ||
    date.getUTCDate() !== d ||
    h > 23 ||
    mi > 59 ||
    se > 59
  )
    return null;
  return date.toISOString();
}

/** An ISO time as a TMX date (YYYYMMDDThhmmssZ); null when it is not a time. */
export function tmxDateFromIso(value: string): string | null {
  const time = Date.parse(value);
  if (Number.isNaN(time)) return null;
  return new Date(time)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

const CP_TYPE = 'x-pird-cp';

/** <seg> content: escaped; CR as a reference; units XML cannot carry (C0, lone surrogates) as <ph>. */
export function tmxText(text: string): string {
  return escapeXmlText(text, (unit) => `<ph type="${CP_TYPE}">${hex(unit)}</ph>`);
}

function attr(value: string): string {
  return value.replace(/[&<>"'\t\n\r]/g, (ch) => `&#x${ch.charCodeAt(0).toString(16).toUpperCase()};`);
}

/** The trusted pairs of `articles` for sourceLang → targetLang, deduplicated, in library order. */
export function trustedUnits(articles: Article[], sourceLang: Lang, targetLang: Lang): TmUnit[] {
  const seen = new Set<string>();
  const units: TmUnit[] = [];
  for (const article of articles) {
    for (const segment of article.segments) {
      if (!isTrustedPair(article, segment, sourceLang, targetLang)) continue;
      const source = segment.versions[sourceLang].text;
      const target = segment.versions[targetLang].text;
      const key = `${source}\u0000${target}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const { changedBy, changedAt } = segment.versions[targetLang];
      units.push({
        sourceLang,
        targetLang,
        source,
        target,
        origin: `${article.id}/${segment.id}`,
        ...(changedBy ? { changedBy } : {}),
        ...(changedAt ? { changedAt } : {}),
      });
    }
  }
  return units;
}

export function exportTmx(units: TmUnit[], sourceLang: Lang, version = '0'): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<tmx version="1.4">',
    `  <header creationtool="Pird" creationtoolversion="${attr(version)}" segtype="paragraph" o-tmf="pird" adminlang="en" srclang="${sourceLang}" datatype="plaintext"/>`,
    '  <body>',
  ];
  for (const unit of units) {
    const attributes = [
      unit.origin !== undefined ? ` tuid="${attr(unit.origin)}"` : '',
      unit.changedBy !== undefined ? ` changeid="${attr(unit.changedBy)}"` : '',
      unit.changedAt !== undefined && tmxDateFromIso(unit.changedAt) !== null
        ? ` changedate="${tmxDateFromIso(unit.changedAt)}"`
        : '',
    ];
    lines.push(`    <tu${attributes.join('')}>`);
    lines.push(
      `      <tuv xml:lang="${unit.sourceLang}"><seg>${tmxText(unit.source)}</seg></tuv>`,
      `      <tuv xml:lang="${unit.targetLang}"><seg>${tmxText(unit.target)}</seg></tuv>`,
      '    </tu>',
    );
  }
  lines.push('  </body>', '</tmx>', '');
  return lines.join('\n');
}

function bad(message: string): PirdError {
  return new PirdError('invalid-input', `Not a TMX file Pird can import: ${message}`);
}

function segText(seg: XmlElement): string {
  let out = '';
  for (let child = seg.firstChild; child !== null; child = child.nextSibling) {
    if (child.nodeType === child.TEXT_NODE || child.nodeType === child.CDATA_SECTION_NODE) {
      out += (child as unknown as { data: string }).data;
      continue;
    }
    if (child.nodeType !== child.ELEMENT_NODE) continue;
    const element = child as XmlElement;
    if (element.localName === 'ph' && element.getAttribute('type') === CP_TYPE) {
      const code = (element.textContent ?? '').trim();
      if (!/^[0-9A-Fa-f]{4}$/.test(code)) throw bad(`<ph type="${CP_TYPE}"> holds "${code}".`);
      out += String.fromCharCode(parseInt(code, 16));
    } else if (element.localName === 'hi' || element.localName === 'sub') {
      out += segText(element); // highlighted text counts; other inline codes are the tool's markup
    }
  }
  return out;
}

/**
 * Every pair of Pird languages a <tu> holds: the header's srclang (or the first <tuv>) as the
 * source, each other language as a target.
 */
export function parseTmx(content: string): TmUnit[] {
  const root = parseSafeXml(content, 'TMX');
  if (root.localName !== 'tmx') throw bad(`the root element is <${root.tagName}>, expected <tmx>.`);
  const version = root.getAttribute('version') ?? '';
  if (!/^1\.\d/.test(version)) throw bad(`version is "${version}", expected 1.4.`);
  const header = childElements(root, 'header')[0];
  const srclang = langOfTag(header?.getAttribute('srclang') ?? '');
  const body = childElements(root, 'body')[0];
  if (body === undefined) throw bad('it has no <body>.');
  const units: TmUnit[] = [];
  for (const tu of childElements(body, 'tu')) {
    const tuid = tu.getAttribute('tuid');
    // Who and when: the unit's change, else its creation (tools write one or the other).
    const changedBy = (tu.getAttribute('changeid') || tu.getAttribute('creationid') || '').trim();
    const changedAt = isoFromTmxDate(tu.getAttribute('changedate') || tu.getAttribute('creationdate') || '');
    const variants: { lang: Lang; text: string }[] = [];
    for (const tuv of childElements(tu, 'tuv')) {
      const lang = langOfTag(xmlLang(tuv));
      const seg = childElements(tuv, 'seg')[0];
      if (lang === null || seg === undefined) continue;
      if (variants.some((v) => v.lang === lang)) continue;
      variants.push({ lang, text: segText(seg) });
    }
    const source = variants.find((v) => v.lang === srclang) ?? variants[0];
    if (source === undefined) continue;
    for (const target of variants) {
      if (target === source || target.text === '' || source.text === '') continue;
      units.push({
        sourceLang: source.lang,
        targetLang: target.lang,
        source: source.text,
        target: target.text,
        ...(tuid ? { origin: tuid } : {}),
        ...(changedBy !== '' ? { changedBy: changedBy.slice(0, 500) } : {}),
        ...(changedAt !== null ? { changedAt } : {}),
      });
    }
  }
  return units;
}

export interface MergedUnits {
  units: TmUnit[];
  added: number;
}

/** Stored units plus the new ones that are not already there (same languages and texts). */
export function mergeUnits(stored: TmUnit[], incoming: TmUnit[]): MergedUnits {
  const key = (u: TmUnit) => `${u.sourceLang}\u0000${u.targetLang}\u0000${u.source}\u0000${u.target}`;
  const seen = new Set(stored.map(key));
  const units = [...stored];
  let added = 0;
  for (const unit of incoming) {
    if (seen.has(key(unit))) continue;
    seen.add(key(unit));
    units.push(unit);
    added++;
  }
  return { units, added };
}
