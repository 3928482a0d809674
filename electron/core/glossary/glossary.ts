// The glossary (issue 5): approved names, places and institutions in en / ar / ckb. Pure: matching
// terms in a text, CSV and TBX import/export. The library stores it as glossary.json (node/glossary-store.ts).
//
// Matching folds the text and the term with the search normaliser (tashkeel, hamza forms, ک/ك, ی/ي,
// ZWNJ, case) and compares whole words, in order, across spaces and punctuation: a term never matches
// inside another word. Arabic only: a word of the text may carry one proclitic before it — و ف ب ك ل
// (and ل + ال written لل) — so "والسوداني" and "للسوداني" hold السوداني. An ال-less form ("سوداني",
// the adjective "Sudanese") is not the name and does not match; a term without ال does not match "ال…".
import { DOMParser } from '@xmldom/xmldom';
import type { Element as XmlElement } from '@xmldom/xmldom';
import { PirdError } from '../errors.ts';
import { isXmlChar } from '../xml-text.ts';
import type { Lang } from '../model.ts';
import { LANGUAGES } from '../model.ts';
import { foldForSearch, foldText } from '../search/normalize.ts';

export const GLOSSARY_FORMAT = 'pird.glossary';
export const GLOSSARY_FORMAT_VERSION = 1;

export interface GlossaryEntry {
  id: string;
  terms: Partial<Record<Lang, string>>;
  note?: string;
}

export interface Glossary {
  entries: GlossaryEntry[];
}

export interface TermRange {
  start: number;
  end: number;
}

export interface GlossaryHit {
  entryId: string;
  /** The glossary's term in the text's language. */
  term: string;
  ranges: TermRange[];
}

// ---------------------------------------------------------------------------------------------
// Matching

interface Word {
  text: string;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

function foldedWords(text: string): Word[] {
  const folded = foldText(text);
  const words: Word[] = [];
  for (const m of folded.text.matchAll(WORD)) {
    const first = m.index;
    const last = m.index + m[0].length - 1;
    words.push({ text: m[0], start: folded.starts[first]!, end: folded.ends[last]! });
  }
  return words;
}

function termWords(term: string): string[] {
  return [...foldForSearch(term).matchAll(WORD)].map((m) => m[0]);
}

const PROCLITICS = ['و', 'ف', 'ب', 'ك', 'ل'];

/** Whether a word of the text is `word` itself or, in Arabic, `word` after one proclitic. */
export function wordMatches(textWord: string, word: string, lang: Lang): boolean {
  if (textWord === word) return true;
  if (lang !== 'ar') return false;
  for (const p of PROCLITICS) {
    if (textWord === p + word) return true;
    // ل + ال is written لل: للسوداني
    if (p === 'ل' && word.startsWith('ال') && textWord === 'ل' + word.slice(1)) return true;
  }
  return false;
}

/** Where each entry's `lang` term occurs in `text`, entries in glossary order. */
export function matchTerms(glossary: Glossary, text: string, lang: Lang): GlossaryHit[] {
  const words = foldedWords(text);
  const hits: GlossaryHit[] = [];
  for (const entry of glossary.entries) {
    const term = entry.terms[lang];
    if (term === undefined || term.trim() === '') continue;
    const wanted = termWords(term);
    if (wanted.length === 0) continue;
    const ranges: TermRange[] = [];
    for (let i = 0; i + wanted.length <= words.length; i++) {
      // Only the first word may carry a proclitic; the rest are whole words as written.
      const ok = wanted.every((w, j) =>
        j === 0 ? wordMatches(words[i]!.text, w, lang) : words[i + j]!.text === w,
      );
      if (ok) ranges.push({ start: words[i]!.start, end: words[i + wanted.length - 1]!.end });
    }
    if (ranges.length > 0) hits.push({ entryId: entry.id, term, ranges });
  }
  return hits;
}

/** Whether `text` holds `term` (same rules as matchTerms). */
export function containsTerm(text: string, term: string, lang: Lang): boolean {
  return matchTerms({ entries: [{ id: 't', terms: { [lang]: term } }] }, text, lang).length > 0;
}

// ---------------------------------------------------------------------------------------------
// Merging imported entries

function entryKey(entry: GlossaryEntry): string[] {
  return LANGUAGES.flatMap((lang) => {
    const term = entry.terms[lang];
    return term ? [`${lang}:${foldForSearch(term).trim()}`] : [];
  });
}

export interface MergeResult {
  glossary: Glossary;
  added: number;
  updated: number;
}

/**
 * Adds imported entries: one that shares a term (same language, folded) with a stored entry
 * replaces that entry's terms and note (keeping its id); the others are appended with new ids.
 */
export function mergeEntries(
  glossary: Glossary,
  incoming: Omit<GlossaryEntry, 'id'>[],
  newId: () => string,
): MergeResult {
  const entries = glossary.entries.map((e) => ({ ...e, terms: { ...e.terms } }));
  let added = 0;
  let updated = 0;
  for (const item of incoming) {
    const keys = entryKey({ id: '', ...item });
    if (keys.length === 0) continue;
    const found = entries.find((e) => entryKey(e).some((k) => keys.includes(k)));
    if (found) {
      found.terms = { ...found.terms, ...item.terms };
      if (item.note !== undefined) found.note = item.note;
      updated++;
    } else {
      entries.push({
        id: newId(),
        terms: { ...item.terms },
        ...(item.note !== undefined ? { note: item.note } : {}),
      });
      added++;
    }
  }
  return { glossary: { entries }, added, updated };
}

// ---------------------------------------------------------------------------------------------
// Editing one entry (the glossary page, `glossary add|edit|remove`)

/** What a user sets on an entry: its terms (a missing or blank term: none in that language) and note. */
export interface EntryEdit {
  terms: Partial<Record<Lang, string>>;
  note?: string | undefined;
}

/** Terms and note as stored: NFC, without surrounding spaces; blank ones left out. */
function cleanEdit(edit: EntryEdit): Omit<GlossaryEntry, 'id'> {
  const terms: Partial<Record<Lang, string>> = {};
  for (const lang of LANGUAGES) {
    const term = edit.terms[lang]?.normalize('NFC').trim() ?? '';
    if (term !== '') terms[lang] = term;
  }
  const note = edit.note?.normalize('NFC').trim() ?? '';
  return { terms, ...(note !== '' ? { note } : {}) };
}

/**
 * The glossary with `edit` saved as entry `id`, or as a new entry (id null, named by newId). An
 * entry needs a term in at least one language, and no two entries share a term in a language
 * (compared as matching folds them): imports find the entry to update by its terms.
 */
export function saveEntry(
  glossary: Glossary,
  id: string | null,
  edit: EntryEdit,
  newId: () => string,
): { glossary: Glossary; entry: GlossaryEntry } {
  const cleaned = cleanEdit(edit);
  if (Object.keys(cleaned.terms).length === 0)
    throw new PirdError('invalid-input', 'A glossary entry needs a term in at least one language.');
  if (id !== null && !glossary.entries.some((e) => e.id === id))
    throw new PirdError('not-found', `There is no glossary entry "${id}".`);
  const entry: GlossaryEntry = { id: id ?? newId(), ...cleaned };
  const keys = entryKey(entry);
  for (const other of glossary.entries) {
    if (other.id === entry.id) continue;
    const shared = entryKey(other).find((key) => keys.includes(key));
    if (shared === undefined) continue;
    const lang = shared.slice(0, shared.indexOf(':')) as Lang;
    throw new PirdError(
      'invalid-input',
      `Another glossary entry already has the ${lang} term "${other.terms[lang] ?? ''}": edit that entry instead.`,
    );
  }
  const entries =
    id === null ? [...glossary.entries, entry] : glossary.entries.map((e) => (e.id === id ? entry : e));
  return { glossary: { entries }, entry };
}

/** The glossary without entry `id`. */
export function removeEntry(glossary: Glossary, id: string): Glossary {
  if (!glossary.entries.some((e) => e.id === id))
    throw new PirdError('not-found', `There is no glossary entry "${id}".`);
  return { entries: glossary.entries.filter((e) => e.id !== id) };
}

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180): header en,ar,ckb,note; CRLF; UTF-8 without a BOM (a BOM is accepted on import).

export const CSV_HEADER = ['en', 'ar', 'ckb', 'note'] as const;
/** Cells a spreadsheet would run as a formula get a leading apostrophe (and lose it on import). */
const FORMULA = /^'*[=+\-@\t\r]/;

function csvCell(value: string): string {
  const safe = FORMULA.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function glossaryToCsv(glossary: Glossary): string {
  const rows = [CSV_HEADER.join(',')];
  for (const entry of glossary.entries) {
    rows.push(
      [entry.terms.en ?? '', entry.terms.ar ?? '', entry.terms.ckb ?? '', entry.note ?? '']
        .map(csvCell)
        .join(','),
    );
  }
  return rows.join('\r\n') + '\r\n';
}

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks); LF-only files too. */
export function parseCsv(content: string): string[][] {
  const text = content.startsWith('\uFEFF') ? content.slice(1) : content;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  let started = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cell === '') {
      quoted = true;
      started = true;
      i++;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
      started = true;
      i++;
    } else if (ch === '\r' || ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      started = false;
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      cell += ch;
      started = true;
      i++;
    }
  }
  if (quoted) throw new PirdError('invalid-input', 'CSV: a quoted field is not closed.');
  if (started || cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

function unformula(cell: string): string {
  return /^'+[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

export function glossaryFromCsv(content: string): Omit<GlossaryEntry, 'id'>[] {
  const rows = parseCsv(content).filter((r) => !(r.length === 1 && r[0] === ''));
  if (rows.length === 0) return [];
  const header = rows[0]!.map((h) => h.trim().toLowerCase());
  const column = (name: string) => header.indexOf(name);
  const cols = { en: column('en'), ar: column('ar'), ckb: column('ckb'), note: column('note') };
  if (cols.en < 0 && cols.ar < 0 && cols.ckb < 0)
    throw new PirdError(
      'invalid-input',
      'CSV: the header must name at least one of en, ar, ckb (en,ar,ckb,note).',
    );
  const entries: Omit<GlossaryEntry, 'id'>[] = [];
  for (const row of rows.slice(1)) {
    const terms: Partial<Record<Lang, string>> = {};
    for (const lang of LANGUAGES) {
      const at = cols[lang];
      const value = at >= 0 ? unformula(row[at] ?? '') : '';
      if (value !== '') terms[lang] = value;
    }
    if (Object.keys(terms).length === 0) continue;
    const note = cols.note >= 0 ? unformula(row[cols.note] ?? '') : '';
    entries.push({ terms, ...(note !== '' ? { note } : {}) });
  }
  return entries;
}

// ---------------------------------------------------------------------------------------------
// TBX (TBX-Basic style): martif / text / body / termEntry / langSet xml:lang / tig / term

/** Element or attribute text: & < > " escaped, CR as a reference, characters XML cannot hold as U+FFFD. */
export function xmlEscape(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '"') out += '&quot;';
    else if (ch === '\r') out += '&#xD;';
    else if (ch === '\n' || ch === '\t') out += ch;
    else if (!isXmlChar(cp) || (cp >= 0xd800 && cp <= 0xdfff)) out += '\uFFFD';
    else out += ch;
  }
  return out;
}

export function glossaryToTbx(glossary: Glossary): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<martif type="TBX-Basic" xml:lang="en">',
    '  <martifHeader><fileDesc><sourceDesc><p>Pird glossary</p></sourceDesc></fileDesc></martifHeader>',
    '  <text>',
    '    <body>',
  ];
  for (const entry of glossary.entries) {
    lines.push(`      <termEntry id="${xmlEscape(entry.id)}">`);
    if (entry.note !== undefined) lines.push(`        <note>${xmlEscape(entry.note)}</note>`);
    for (const lang of LANGUAGES) {
      const term = entry.terms[lang];
      if (term === undefined) continue;
      lines.push(`        <langSet xml:lang="${lang}"><tig><term>${xmlEscape(term)}</term></tig></langSet>`);
    }
    lines.push('      </termEntry>');
  }
  lines.push('    </body>', '  </text>', '</martif>', '');
  return lines.join('\n');
}

function badXml(kind: string, message: string): PirdError {
  return new PirdError('invalid-input', `Not a ${kind} file Pird can import: ${message}`);
}

/** Parses XML with @xmldom/xmldom, refusing any DTD (so no entity is expanded, nothing is fetched). */
export function parseSafeXml(content: string, kind: string): XmlElement {
  if (/<!DOCTYPE|<!ENTITY/i.test(content)) throw badXml(kind, 'it declares a DTD or entities.');
  let doc: ReturnType<DOMParser['parseFromString']>;
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(content, 'text/xml');
  } catch (error) {
    throw badXml(
      kind,
      `the XML is not well-formed (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  const root = doc.documentElement;
  if (root === null) throw badXml(kind, 'it has no root element.');
  return root;
}

export function childElements(node: XmlElement, localName: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (let child = node.firstChild; child !== null; child = child.nextSibling) {
    if (child.nodeType === child.ELEMENT_NODE && (child as XmlElement).localName === localName)
      out.push(child as XmlElement);
  }
  return out;
}

export function textOf(node: XmlElement): string {
  let out = '';
  for (let child = node.firstChild; child !== null; child = child.nextSibling) {
    if (child.nodeType === child.TEXT_NODE || child.nodeType === child.CDATA_SECTION_NODE)
      out += (child as unknown as { data: string }).data;
    else if (child.nodeType === child.ELEMENT_NODE) out += textOf(child as XmlElement);
  }
  return out;
}

export function xmlLang(element: XmlElement): string {
  return element.getAttribute('xml:lang') ?? element.getAttribute('lang') ?? '';
}

export function langOfTag(tag: string): Lang | null {
  const primary = tag.split(/[-_]/)[0]!.toLowerCase();
  return (LANGUAGES as readonly string[]).includes(primary) ? (primary as Lang) : null;
}

export function glossaryFromTbx(content: string): Omit<GlossaryEntry, 'id'>[] {
  const root = parseSafeXml(content, 'TBX');
  if (root.localName !== 'martif' && root.localName !== 'tbx')
    throw badXml('TBX', `the root element is <${root.tagName}>, expected <martif> or <tbx>.`);
  const text = childElements(root, 'text')[0];
  const body = text ? childElements(text, 'body')[0] : undefined;
  if (body === undefined) throw badXml('TBX', 'it has no <text><body>.');
  const entries: Omit<GlossaryEntry, 'id'>[] = [];
  for (const termEntry of [...childElements(body, 'termEntry'), ...childElements(body, 'conceptEntry')]) {
    const terms: Partial<Record<Lang, string>> = {};
    for (const langSet of childElements(termEntry, 'langSet')) {
      const lang = langOfTag(xmlLang(langSet));
      if (lang === null) continue;
      const holders = [
        ...childElements(langSet, 'tig'),
        ...childElements(langSet, 'ntig'),
        ...childElements(langSet, 'termSec'),
      ];
      for (const holder of holders) {
        const termGrp = childElements(holder, 'termGrp')[0] ?? holder;
        const term = childElements(termGrp, 'term')[0];
        // The first term of a language is the approved one.
        if (term !== undefined && terms[lang] === undefined && textOf(term) !== '')
          terms[lang] = textOf(term);
      }
    }
    if (Object.keys(terms).length === 0) continue;
    const note = childElements(termEntry, 'note')[0];
    entries.push({ terms, ...(note !== undefined ? { note: textOf(note) } : {}) });
  }
  return entries;
}
