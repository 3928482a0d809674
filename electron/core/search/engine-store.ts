// A MiniSearch engine as compact plain data (persisted in search-index.json), and the loading of
// its term index without a detour through MiniSearch's plain-object format.
//
// Why: a library of 10,000 articles has some 5 million postings (term -> article). MiniSearch's own
// format (`toJSON`/`loadJS`) holds each posting as a property of an object keyed by the document's
// number: parsing those objects and converting them to Maps took most of a start (over a second,
// half of it garbage collection). Here the postings are gap-encoded varints in one ASCII string,
// decoded straight into the Maps MiniSearch searches.
//
// How: `loadJS` with the documents and an empty term list (MiniSearch's public loader sets up
// every document field), then each term's postings are put into the engine's term index exactly
// as `loadJS` itself puts them (`_index.set(term, Map(fieldId -> Map(shortId -> frequency)))`,
// minisearch 7.x). That term index is MiniSearch's, not a public API: when an engine does not look
// as expected (another MiniSearch version), both directions fall back to the public
// `toJSON`/`loadJS`, slower but the same index. tests/unit/search-persist.test.ts compares both.
import MiniSearch from 'minisearch';
import type { AsPlainObject, Options } from 'minisearch';

/** shortId -> how often the term occurs in that document's one field. */
export type Postings = Map<number, number>;

/** The one indexed field ('text') has field id 0. */
const TEXT_FIELD = 0;

export interface EngineSnapshot {
  documentCount: number;
  nextId: number;
  dirtCount: number;
  averageFieldLength: number;
  /** [shortId, document id, field length (distinct terms)] per document. */
  documents: [number, string, number][];
  /** The terms, in the order of `postings`. */
  terms: string[];
  /**
   * Varints (see VarintWriter): per term, its document count, then per document
   * `gap * 2 + (frequency === 1 ? 0 : 1)` (gap: shortId minus the previous shortId plus one),
   * followed by the frequency when it is not 1.
   */
  postings: string;
}

export interface EngineDocuments {
  documentCount: number;
  nextId: number;
  dirtCount: number;
  averageFieldLength: number;
  documents: Iterable<[number, string, number]>;
}

type TermData = Map<number, Postings>;

/** The parts of a minisearch 7.x engine read and written here (see the header). */
interface EngineInternals {
  _index: { set(term: string, data: TermData): unknown; size: number } & Iterable<[string, TermData]>;
  _documentIds: Map<number, string>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _nextId: number;
  _dirtCount: number;
  _documentCount: number;
}

function internalsOf(engine: MiniSearch<never> | MiniSearch<unknown>): EngineInternals | null {
  const e = engine as unknown as Partial<EngineInternals>;
  const index = e._index as Partial<EngineInternals['_index']> | undefined;
  return typeof index?.set === 'function' &&
    typeof index[Symbol.iterator] === 'function' &&
    typeof index.size === 'number' &&
    e._documentIds instanceof Map &&
    e._fieldLength instanceof Map &&
    Array.isArray(e._avgFieldLength) &&
    typeof e._nextId === 'number' &&
    typeof e._dirtCount === 'number' &&
    typeof e._documentCount === 'number'
    ? (e as EngineInternals)
    : null;
}

/**
 * An engine holding `documents` and the postings of `terms` (each term once). Throws when the
 * data does not describe an index (bad ids): the caller treats that as a damaged file.
 */
export function loadEngine<T>(
  options: Options<T>,
  docs: EngineDocuments,
  terms: Iterable<[string, Postings]>,
): MiniSearch<T> {
  const documentIds: Record<number, string> = {};
  const fieldLength: Record<number, number[]> = {};
  for (const [shortId, id, length] of docs.documents) {
    documentIds[shortId] = id;
    fieldLength[shortId] = [length];
  }
  const plain = (index: AsPlainObject['index']): AsPlainObject => ({
    documentCount: docs.documentCount,
    nextId: docs.nextId,
    documentIds,
    fieldIds: { text: TEXT_FIELD },
    fieldLength,
    averageFieldLength: [docs.averageFieldLength],
    storedFields: {},
    dirtCount: docs.dirtCount,
    index,
    serializationVersion: 2,
  });
  const engine = MiniSearch.loadJS<T>(plain([]), options);
  const internals = internalsOf(engine);
  if (internals === null || internals._index.size !== 0) {
    const index: AsPlainObject['index'] = [];
    for (const [term, postings] of terms) index.push([term, { [TEXT_FIELD]: Object.fromEntries(postings) }]);
    return MiniSearch.loadJS<T>(plain(index), options);
  }
  for (const [term, postings] of terms) internals._index.set(term, new Map([[TEXT_FIELD, postings]]));
  return engine;
}

/** The engine as an EngineSnapshot (postings of discarded documents included, as MiniSearch keeps them). */
export function snapshotEngine(engine: MiniSearch<never> | MiniSearch<unknown>): EngineSnapshot {
  const internals = internalsOf(engine);
  const documents: [number, string, number][] = [];
  const terms: string[] = [];
  const writer = new VarintWriter();
  const writeTerm = (term: string, postings: Iterable<[number, number]>, count: number) => {
    terms.push(term);
    writer.put(count);
    let previous = -1;
    for (const [shortId, frequency] of postings) {
      if (!Number.isInteger(shortId) || shortId <= previous) throw new Error('postings out of order');
      writer.put((shortId - previous - 1) * 2 + (frequency === 1 ? 0 : 1));
      if (frequency !== 1) writer.put(frequency);
      previous = shortId;
    }
  };
  if (internals !== null) {
    for (const [shortId, id] of internals._documentIds)
      documents.push([shortId, id, internals._fieldLength.get(shortId)?.[TEXT_FIELD] ?? 0]);
    for (const [term, data] of internals._index) {
      const encoded = data instanceof LazyTermData ? data.encoded() : null;
      if (encoded !== null) {
        terms.push(term);
        writer.putEncoded(encoded);
        continue;
      }
      const postings = data.get(TEXT_FIELD);
      if (postings === undefined || postings.size === 0) continue;
      writeTerm(term, sortedPostings(postings), postings.size);
    }
    return {
      documentCount: internals._documentCount,
      nextId: internals._nextId,
      dirtCount: internals._dirtCount,
      averageFieldLength: internals._avgFieldLength[TEXT_FIELD] ?? 0,
      documents,
      terms,
      postings: writer.text(),
    };
  }
  const plain = engine.toJSON();
  for (const [shortId, id] of Object.entries(plain.documentIds))
    documents.push([Number(shortId), id as string, plain.fieldLength[Number(shortId)]?.[TEXT_FIELD] ?? 0]);
  for (const [term, data] of plain.index) {
    const entries = Object.entries(data[TEXT_FIELD] ?? {}).map(
      ([k, v]) => [Number(k), v] as [number, number],
    );
    if (entries.length === 0) continue;
    entries.sort((a, b) => a[0] - b[0]);
    writeTerm(term, entries, entries.length);
  }
  return {
    documentCount: plain.documentCount,
    nextId: plain.nextId,
    dirtCount: plain.dirtCount ?? 0,
    averageFieldLength: plain.averageFieldLength[TEXT_FIELD] ?? 0,
    documents,
    terms,
    postings: writer.text(),
  };
}

/** A Map's entries by key: in shortId order already unless documents were re-added (edits). */
function sortedPostings(postings: Postings): Iterable<[number, number]> {
  let previous = -1;
  for (const shortId of postings.keys()) {
    if (shortId < previous) return [...postings].sort((a, b) => a[0] - b[0]);
    previous = shortId;
  }
  return postings;
}

/**
 * The engine a snapshot describes. Throws when the snapshot is damaged: all of it is checked here,
 * but a term's postings become Maps only when something first reads them (a query, an edit), so a
 * start does not build millions of Map entries for terms no one searches.
 */
export function engineFromSnapshot<T>(options: Options<T>, snapshot: EngineSnapshot): MiniSearch<T> {
  const text = snapshot.postings;
  const nextId = snapshot.nextId;
  if (snapshot.documents.length !== snapshot.documentCount)
    throw new Error(`it lists ${snapshot.documents.length} documents, not ${snapshot.documentCount}`);
  for (const [shortId] of snapshot.documents)
    if (shortId < 0 || shortId >= nextId) throw new Error(`document number ${shortId} is out of range`);
  const reader = new VarintReader(text);
  const starts: number[] = [];
  for (const term of snapshot.terms) {
    starts.push(reader.at);
    const count = reader.read();
    let shortId = -1;
    for (let k = 0; k < count; k++) {
      const code = reader.read();
      shortId += Math.floor(code / 2) + 1;
      if (shortId >= nextId) throw new Error(`a posting of "${term}" names no document`);
      if (code % 2 === 1) reader.read();
    }
  }
  if (reader.at !== text.length) throw new Error('the postings do not match the terms');
  const engine = loadEngine(options, snapshot, []);
  const internals = internalsOf(engine);
  if (internals !== null && internals._index.size === 0) {
    snapshot.terms.forEach((term, t) => {
      internals._index.set(term, new LazyTermData(text, starts[t]!, starts[t + 1] ?? text.length));
    });
    return engine;
  }
  return loadEngine(
    options,
    snapshot,
    snapshot.terms.map((term, t) => [term, decodePostings(text, starts[t]!)] as [string, Postings]),
  );
}

/** The postings that start at `from` (checked by engineFromSnapshot already). */
function decodePostings(text: string, from: number): Postings {
  const reader = new VarintReader(text, from);
  const count = reader.read();
  const postings: Postings = new Map();
  let shortId = -1;
  for (let k = 0; k < count; k++) {
    const code = reader.read();
    shortId += Math.floor(code / 2) + 1;
    postings.set(shortId, code % 2 === 0 ? 1 : reader.read());
  }
  return postings;
}

/**
 * A term's data in a loaded engine (field id -> postings) that decodes its postings on first use:
 * every way of reading or changing it decodes first, so MiniSearch sees an ordinary Map.
 */
class LazyTermData extends Map<number, Postings> {
  #text: string | null;
  readonly #from: number;
  readonly #to: number;

  constructor(text: string, from: number, to: number) {
    super();
    this.#text = text;
    this.#from = from;
    this.#to = to;
  }

  /** The encoded postings while they are not decoded (snapshotEngine copies them as they are). */
  encoded(): string | null {
    return this.#text === null ? null : this.#text.slice(this.#from, this.#to);
  }

  #decode(): void {
    if (this.#text === null) return;
    const text = this.#text;
    this.#text = null;
    super.set(TEXT_FIELD, decodePostings(text, this.#from));
  }

  override get size(): number {
    this.#decode();
    return super.size;
  }
  override get(key: number): Postings | undefined {
    this.#decode();
    return super.get(key);
  }
  override has(key: number): boolean {
    this.#decode();
    return super.has(key);
  }
  override set(key: number, value: Postings): this {
    this.#decode();
    return super.set(key, value);
  }
  override delete(key: number): boolean {
    this.#decode();
    return super.delete(key);
  }
  override clear(): void {
    this.#text = null;
    super.clear();
  }
  override forEach(
    visit: (value: Postings, key: number, map: Map<number, Postings>) => void,
    self?: unknown,
  ): void {
    this.#decode();
    super.forEach(visit, self);
  }
  override keys(): MapIterator<number> {
    this.#decode();
    return super.keys();
  }
  override values(): MapIterator<Postings> {
    this.#decode();
    return super.values();
  }
  override entries(): MapIterator<[number, Postings]> {
    this.#decode();
    return super.entries();
  }
  override [Symbol.iterator](): MapIterator<[number, Postings]> {
    return this.entries();
  }
}

class VarintReader {
  readonly #text: string;
  readonly #digits = digitValues();
  at: number;

  constructor(text: string, at = 0) {
    this.#text = text;
    this.at = at;
  }

  read(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (this.at >= this.#text.length) throw new Error('the postings are cut short');
      const digit = this.#digits[this.#text.charCodeAt(this.at++)] ?? -1;
      if (digit < 0) throw new Error('the postings hold a character that is no digit');
      value += (digit & CHUNK_MASK) * scale;
      if (digit < MORE) return value;
      scale *= MORE;
      if (scale > 2 ** 45) throw new Error('the postings hold a number too large');
    }
  }
}

// Varints as text, so the snapshot stays plain JSON without escapes: each character is one of 64
// ASCII digits and carries 5 bits of the number (least significant first) plus a "more follows" bit.
const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const MORE = 32;
const CHUNK_MASK = 31;
let digitTable: Int8Array | null = null;

function digitValues(): Int8Array {
  if (digitTable !== null) return digitTable;
  digitTable = new Int8Array(128).fill(-1);
  for (let d = 0; d < DIGITS.length; d++) digitTable[DIGITS.charCodeAt(d)] = d;
  return digitTable;
}

class VarintWriter {
  #chunks: string[] = [];
  #codes: number[] = [];

  put(value: number): void {
    let v = value;
    while (v >= MORE) {
      this.#push(DIGITS.charCodeAt((v % MORE) | MORE));
      v = Math.floor(v / MORE);
    }
    this.#push(DIGITS.charCodeAt(v));
  }

  /** Varints encoded already (by this writer, in an earlier snapshot). */
  putEncoded(text: string): void {
    this.#flush();
    this.#chunks.push(text);
  }

  #push(code: number): void {
    this.#codes.push(code);
    if (this.#codes.length === 8192) this.#flush();
  }

  #flush(): void {
    this.#chunks.push(String.fromCharCode(...this.#codes));
    this.#codes = [];
  }

  text(): string {
    this.#flush();
    return this.#chunks.join('');
  }
}
