// XLIFF 2.0 interchange with CAT tools (OmegaT, Trados, memoQ): one article's language pair out,
// the same file back in. Pure: text in, text out; the handlers read and save the article.
//
//   <xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="ar">
//     <file id="f1" original="pird:article:<article id>" canResegment="no">
//       <unit id="<segment id>" type="pird:paragraph">
//         <segment id="<segment id>" state="translated" subState="pird:translated">
//           <source xml:space="preserve">…</source><target xml:space="preserve">…</target>
//
// - One unit per segment, unit id = segment id (escaped to an NMTOKEN where needed): alignment on
//   import is by these ids, never by position.
// - Pird's five statuses map onto XLIFF's four states, and the exact status rides along in
//   subState (pird:<status>), which tools keep. A tool that changes the state without updating
//   subState wins: subState is believed only while it agrees with the state.
// - Text is escaped (& < > and CR as character references); characters XML 1.0 cannot hold (C0
//   controls, lone surrogates, U+FFFE/FFFF) travel as XLIFF's <cp hex="…"/>. ZWNJ and bidi
//   controls are ordinary characters and travel as they are.
// - Import parses with @xmldom/xmldom: a DOM keeps mixed content (text, <cp/>, <mrk>) in order and
//   white space exactly, and it never loads anything (no external entities, no network). A DOCTYPE
//   is refused before parsing, so no entity but the five predefined ones is ever expanded.
import { DOMParser } from '@xmldom/xmldom';
import type { Element as XmlElement, Node as XmlNode } from '@xmldom/xmldom';
import { setSegmentText } from '../article-ops.ts';
import { PirdError } from '../errors.ts';
import type { Article, Lang, Status } from '../model.ts';
import { LANGUAGES, STATUSES } from '../model.ts';
import { escapeXmlText, hex } from '../xml-text.ts';

export const XLIFF_NS = 'urn:oasis:names:tc:xliff:document:2.0';
const ORIGINAL_PREFIX = 'pird:article:';

export type XliffState = 'initial' | 'translated' | 'reviewed' | 'final';

export const STATE_OF_STATUS: Record<Status, XliffState> = {
  empty: 'initial',
  draft: 'initial',
  translated: 'translated',
  reviewed: 'reviewed',
  approved: 'final',
};

export interface XliffExport {
  /** A suggested file name: <slug or id>.<src>-<trg>.xlf */
  fileName: string;
  content: string;
  units: number;
}

export interface XliffImportResult {
  articleId: string;
  sourceLang: Lang;
  targetLang: Lang;
  /** Units in the file. */
  units: number;
  /** Segments whose target text or status changed. */
  updated: string[];
  /** Segments of the article that the file does not hold (added after the export): untouched. */
  missing: string[];
  article: Article;
}

// ---------------------------------------------------------------------------------------------
// Writing

/** Code points XML 1.0 cannot carry as characters (only \t \n \r of the C0 range are allowed). */
/** Element content: escaped, CR kept as a reference, <cp/> for units XML cannot carry. */
export function xmlText(text: string): string {
  return escapeXmlText(text, (unit) => `<cp hex="${hex(unit)}"/>`);
}

function xmlAttr(value: string): string {
  return value.replace(/[&<>"'\t\n\r]/g, (ch) => `&#x${hex(ch.charCodeAt(0))};`);
}

// XLIFF ids are NMTOKENs. Segment ids are any text up to 200 characters: everything outside
// [A-Za-z0-9.-] is written as _XXXX (UTF-16 unit in hex), so '_' itself is always an escape and the
// mapping is reversible. Pird's own ids (headline, p3, s-abcd2345) come out unchanged.
export function encodeId(id: string): string {
  return id.replace(/[^A-Za-z0-9.-]/g, (ch) => `_${hex(ch.charCodeAt(0))}`);
}

export function decodeId(encoded: string): string {
  if (!/^(?:[A-Za-z0-9.-]|_[0-9A-Fa-f]{4})+$/.test(encoded))
    throw new PirdError('invalid-input', `XLIFF unit id "${encoded}" was not written by Pird.`);
  return encoded.replace(/_([0-9A-Fa-f]{4})/g, (_, code: string) => String.fromCharCode(parseInt(code, 16)));
}

export function xliffFileName(article: Article, sourceLang: Lang, targetLang: Lang): string {
  return `${article.meta.slug || article.id}.${sourceLang}-${targetLang}.xlf`;
}

/** The article's pair as XLIFF 2.0. The target must be a translation, not the article's source. */
export function exportXliff(article: Article, sourceLang: Lang, targetLang: Lang): XliffExport {
  if (sourceLang === targetLang)
    throw new PirdError('invalid-input', 'The source and target languages must differ.');
  if (targetLang === article.sourceLang)
    throw new PirdError(
      'invalid-input',
      `${targetLang} is the source language of article ${article.id}; export it as the source, not the target.`,
    );
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<xliff xmlns="${XLIFF_NS}" version="2.0" srcLang="${sourceLang}" trgLang="${targetLang}">`,
    `  <file id="f1" original="${xmlAttr(ORIGINAL_PREFIX + article.id)}" canResegment="no">`,
  ];
  for (const segment of article.segments) {
    const id = xmlAttr(encodeId(segment.id));
    const source = segment.versions[sourceLang];
    const target = segment.versions[targetLang];
    const state = STATE_OF_STATUS[target.status];
    lines.push(
      `    <unit id="${id}" type="pird:${segment.kind}">`,
      `      <segment id="${id}" state="${state}" subState="pird:${target.status}">`,
      `        <source xml:space="preserve">${xmlText(source.text)}</source>`,
    );
    // No <target> stands for "not translated yet"; an empty one for an empty text with a status.
    if (target.text !== '' || state !== 'initial')
      lines.push(`        <target xml:space="preserve">${xmlText(target.text)}</target>`);
    lines.push('      </segment>', '    </unit>');
  }
  lines.push('  </file>', '</xliff>', '');
  return {
    fileName: xliffFileName(article, sourceLang, targetLang),
    content: lines.join('\n'),
    units: article.segments.length,
  };
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface XliffUnit {
  segmentId: string;
  source: string;
  /** null: the unit has no <target>. */
  target: string | null;
  state: XliffState;
  subState: string | null;
}

export interface XliffDocument {
  articleId: string;
  sourceLang: Lang;
  targetLang: Lang;
  units: XliffUnit[];
}

const STATES: readonly XliffState[] = ['initial', 'translated', 'reviewed', 'final'];

function bad(message: string): PirdError {
  return new PirdError('invalid-input', `Not an XLIFF file Pird can import: ${message}`);
}

function langOf(value: string | null, what: string): Lang {
  // BCP 47: "ar-IQ" is Arabic; the primary subtag decides.
  const primary = (value ?? '').split('-')[0]!.toLowerCase();
  if (!(LANGUAGES as readonly string[]).includes(primary))
    throw bad(`${what} is "${value ?? ''}", expected one of ${LANGUAGES.join(', ')}.`);
  return primary as Lang;
}

function children(node: XmlNode, localName: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (let child = node.firstChild; child !== null; child = child.nextSibling) {
    const element = child as XmlElement;
    if (
      child.nodeType === child.ELEMENT_NODE &&
      element.namespaceURI === XLIFF_NS &&
      element.localName === localName
    )
      out.push(element);
  }
  return out;
}

/** The text of <source>/<target>: text and CDATA as they are, <cp/> decoded, <mrk>/<pc> unwrapped. */
function contentText(element: XmlElement, where: string): string {
  let out = '';
  for (let child = element.firstChild; child !== null; child = child.nextSibling) {
    if (child.nodeType === child.TEXT_NODE || child.nodeType === child.CDATA_SECTION_NODE) {
      out += (child as unknown as { data: string }).data;
      continue;
    }
    if (child.nodeType !== child.ELEMENT_NODE) continue; // comments, processing instructions
    const inline = child as XmlElement;
    const name = inline.localName;
    if (inline.namespaceURI === XLIFF_NS && name === 'cp') {
      const code = inline.getAttribute('hex') ?? '';
      if (!/^[0-9A-Fa-f]{1,6}$/.test(code) || parseInt(code, 16) > 0x10ffff)
        throw bad(`${where}: <cp hex="${code}"/> is not a code point.`);
      const cp = parseInt(code, 16);
      // Lone surrogates come back as the UTF-16 unit they were.
      out += cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp);
    } else if (inline.namespaceURI === XLIFF_NS && (name === 'mrk' || name === 'pc')) {
      out += contentText(inline, where); // annotations and paired codes: the text inside counts
    } else {
      throw bad(`${where}: inline code <${inline.tagName}> is not supported (Pird texts are plain text).`);
    }
  }
  return out;
}

/** Parses an XLIFF 2.0 file that Pird exported (and a CAT tool edited). Throws invalid-input. */
export function parseXliff(content: string): XliffDocument {
  // XLIFF 2.0 has no DTD; refusing any declaration rules out entity expansion and external entities.
  if (/<!DOCTYPE|<!ENTITY/i.test(content))
    throw bad('it declares a DTD or entities, which XLIFF 2.0 never needs.');
  let doc: ReturnType<DOMParser['parseFromString']>;
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(content, 'text/xml');
  } catch (error) {
    throw bad(`the XML is not well-formed (${error instanceof Error ? error.message : String(error)}).`);
  }
  const root = doc.documentElement;
  if (root === null || root.localName !== 'xliff' || root.namespaceURI !== XLIFF_NS)
    throw bad(`the root element is not <xliff> in the XLIFF 2.0 namespace.`);
  const version = root.getAttribute('version') ?? '';
  if (!/^2\.\d+$/.test(version)) throw bad(`version is "${version}", expected 2.0.`);
  const sourceLang = langOf(root.getAttribute('srcLang'), 'srcLang');
  const targetLang = langOf(root.getAttribute('trgLang'), 'trgLang');
  if (sourceLang === targetLang) throw bad('srcLang and trgLang are the same language.');
  const files = children(root, 'file');
  if (files.length !== 1) throw bad(`it holds ${files.length} <file> elements; a Pird export holds one.`);
  const file = files[0]!;
  const original = file.getAttribute('original') ?? '';
  if (!original.startsWith(ORIGINAL_PREFIX))
    throw bad(`<file original="${original}"> does not name a Pird article (pird:article:<id>).`);
  const articleId = original.slice(ORIGINAL_PREFIX.length);

  const unitElements: XmlElement[] = [];
  const collect = (parent: XmlElement) => {
    for (const group of children(parent, 'group')) collect(group);
    unitElements.push(...children(parent, 'unit'));
  };
  collect(file);
  const units: XliffUnit[] = [];
  for (const unit of unitElements) {
    const segmentId = decodeId(unit.getAttribute('id') ?? '');
    const where = `unit "${segmentId}"`;
    const parts = [];
    for (let child = unit.firstChild; child !== null; child = child.nextSibling) {
      const element = child as XmlElement;
      if (
        child.nodeType === child.ELEMENT_NODE &&
        element.namespaceURI === XLIFF_NS &&
        (element.localName === 'segment' || element.localName === 'ignorable')
      )
        parts.push(element);
    }
    if (parts.length === 0) throw bad(`${where} has no <segment>.`);
    // A tool may have split the unit into several segments: the unit's text is all of them in order.
    let source = '';
    let target: string | null = null;
    let state: XliffState | null = null;
    let subState: string | null = null;
    for (const part of parts) {
      const sources = children(part, 'source');
      const targets = children(part, 'target');
      if (sources.length !== 1 || targets.length > 1)
        throw bad(`${where}: a segment needs one <source> and at most one <target>.`);
      const partSource = contentText(sources[0]!, where);
      source += partSource;
      const partTarget = targets.length === 1 ? contentText(targets[0]!, where) : null;
      if (part.localName === 'ignorable') {
        // White space or markup between segments: its target is its source when it has none.
        if (target !== null || partTarget !== null) target = (target ?? '') + (partTarget ?? partSource);
        continue;
      }
      if (partTarget !== null) target = (target ?? '') + partTarget;
      const partState = (part.getAttribute('state') || 'initial') as XliffState;
      if (!STATES.includes(partState)) throw bad(`${where}: state "${partState}" is not an XLIFF 2.0 state.`);
      // Several segments: the unit is as finished as its least finished segment.
      if (state === null || STATES.indexOf(partState) < STATES.indexOf(state)) {
        state = partState;
        subState = part.getAttribute('subState') || null;
      }
    }
    units.push({ segmentId, source, target, state: state ?? 'initial', subState });
  }
  return { articleId, sourceLang, targetLang, units };
}

/** The Pird status a unit stands for: subState when it agrees with state, else state alone. */
export function statusOf(unit: Pick<XliffUnit, 'state' | 'subState' | 'target'>): Status {
  const claimed = /^pird:([a-z]+)$/.exec(unit.subState ?? '')?.[1];
  if (claimed !== undefined && (STATUSES as readonly string[]).includes(claimed)) {
    const status = claimed as Status;
    if (STATE_OF_STATUS[status] === unit.state) {
      // "empty" with a text typed in is a draft (Pird's rule for text in an empty segment).
      return status === 'empty' && (unit.target ?? '') !== '' ? 'draft' : status;
    }
  }
  switch (unit.state) {
    case 'initial':
      return (unit.target ?? '') === '' ? 'empty' : 'draft';
    case 'translated':
      return 'translated';
    case 'reviewed':
      return 'reviewed';
    case 'final':
      return 'approved';
  }
}

/**
 * Applies an imported file to the article it came from: only the target language of the segments
 * it names changes. Everything is checked first; any mismatch throws and nothing is applied:
 * another article, a target that is the article's source language, unknown or repeated unit ids,
 * a source text that is no longer the article's (the source changed since the export, or the
 * tool edited it).
 */
export function applyXliff(
  article: Article,
  doc: XliffDocument,
  author: string,
  now: string,
): { article: Article; updated: string[]; missing: string[] } {
  if (doc.articleId !== article.id)
    throw new PirdError('invalid-input', `The file is for article "${doc.articleId}", not "${article.id}".`);
  if (doc.targetLang === article.sourceLang)
    throw new PirdError(
      'invalid-input',
      `The file's target language (${doc.targetLang}) is the source language of article ${article.id}.`,
    );
  const segments = new Map(article.segments.map((s) => [s.id, s]));
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const unit of doc.units) {
    const segment = segments.get(unit.segmentId);
    if (seen.has(unit.segmentId)) problems.push(`unit "${unit.segmentId}" appears twice`);
    seen.add(unit.segmentId);
    if (segment === undefined) problems.push(`unit "${unit.segmentId}" is not a segment of the article`);
    else if (segment.versions[doc.sourceLang].text !== unit.source)
      problems.push(`the ${doc.sourceLang} source of "${unit.segmentId}" is not the article's`);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 10).join('; ');
    const more = problems.length > 10 ? ` (and ${problems.length - 10} more)` : '';
    throw new PirdError(
      'invalid-input',
      `The XLIFF file does not line up with article ${article.id}: ${shown}${more}. Nothing was imported; export the article again.`,
    );
  }
  let next = article;
  const updated: string[] = [];
  for (const unit of doc.units) {
    const text = unit.target ?? '';
    const changed = setSegmentText(next, unit.segmentId, doc.targetLang, text, statusOf(unit), author, now);
    if (changed !== next) updated.push(unit.segmentId);
    next = changed;
  }
  return {
    article: next,
    updated,
    missing: article.segments.filter((s) => !seen.has(s.id)).map((s) => s.id),
  };
}
