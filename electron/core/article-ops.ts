// Pure operations on one article. Each returns a new Article and never mutates its input, so the
// library can hand the result to a durable write and the UI can compare old and new by identity.
// Alignment is by segment id: every structural change below moves whole segments (all languages
// together), which is what keeps translation pairs together.
import type { MetaPatch } from './contract.ts';
import { PirdError } from './errors.ts';
import type {
  Article,
  ArticleMeta,
  ArticleSummary,
  Lang,
  LanguageProgress,
  Segment,
  SegmentKind,
  SegmentVersion,
  SourceBasis,
  Status,
} from './model.ts';
import { LANGUAGES, STATUSES } from './model.ts';
import { currentBasis, needsUpdate, sameBasis, withBasis } from './needs-update.ts';
import { countWords } from './progress/word-count.ts';

/** Article ids become file names (articles/<id>.json): a conservative set that is safe on every OS. */
export const ARTICLE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

// Windows refuses these as file names even with an extension (con.json is the console).
const WINDOWS_DEVICE_NAMES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;

export function isValidArticleId(id: string): boolean {
  // '..' is excluded by the first-character rule; a trailing dot is refused because Windows drops it.
  return ARTICLE_ID_PATTERN.test(id) && !id.endsWith('.') && !WINDOWS_DEVICE_NAMES.test(id);
}

// Base32 (RFC 4648 alphabet, lower case): 32 symbols, so `byte & 31` picks one without bias.
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

function randomToken(length: number): string {
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  let out = '';
  for (const byte of bytes) out += ID_ALPHABET[byte & 31];
  return out;
}

/** A new article id: URL- and file-name-safe, 60 random bits. */
export function newArticleId(): string {
  return `a-${randomToken(12)}`;
}

/** A segment id not used in `article` (the fixed import ids kicker/headline/dateline/pN never collide with it). */
export function newSegmentId(article?: Pick<Article, 'segments'>): string {
  const taken = new Set(article?.segments.map((s) => s.id));
  for (;;) {
    const id = `s-${randomToken(8)}`;
    if (!taken.has(id)) return id;
  }
}

export function emptyVersion(): SegmentVersion {
  return { text: '', status: 'empty', changedBy: null, changedAt: null };
}

function touchedVersion(text: string, status: Status, author: string, now: string): SegmentVersion {
  return { text, status, changedBy: author, changedAt: now };
}

function versionsFor(make: (lang: Lang) => SegmentVersion): Record<Lang, SegmentVersion> {
  return { en: make('en'), ar: make('ar'), ckb: make('ckb') };
}

export function makeSegment(id: string, kind: SegmentKind): Segment {
  return { id, kind, versions: versionsFor(emptyVersion) };
}

// ---------------------------------------------------------------------------------------------
// Slugs

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;
const MAX_SLUG_LENGTH = 80;

/**
 * A slug that is safe as a file or folder name on every OS and readable in a URL.
 * Latin text folds to lower-case ASCII (diacritics dropped); Arabic-script letters are kept (NFC)
 * because an Arabic-only headline would otherwise give an empty slug. Marks (harakat, tanwin) and
 * tatweel are dropped; a ZWNJ becomes a hyphen so the visible break inside a Sorani word stays.
 * Returns '' when nothing usable is left: callers fall back to the article id.
 */
export function slugify(input: string): string {
  const text = input
    .normalize('NFC')
    .replace(/['’‘ʼ]/gu, '')
    // "U.S." reads better as "us" than as "u-s".
    .replace(/(?<=\p{L})\.(?=\p{L})/gu, '');
  let out = '';
  for (const ch of text) {
    if (/[A-Za-z0-9]/.test(ch)) out += ch.toLowerCase();
    else if (/\p{Script=Latin}/u.test(ch)) {
      out += ch
        .normalize('NFKD')
        .replace(/\p{M}/gu, '')
        .toLowerCase()
        .replace(/[^a-z0-9]/g, '-');
    } else if (/\p{M}/u.test(ch) || ch === '\u0640') continue;
    else if (/[\p{L}\p{N}]/u.test(ch)) out += ch.toLowerCase();
    else out += '-';
  }
  out = out.replace(/-+/g, '-').replace(/^-|-$/g, '');
  if (out.length > MAX_SLUG_LENGTH) {
    const cut = out.slice(0, MAX_SLUG_LENGTH);
    const lastHyphen = cut.lastIndexOf('-');
    out = lastHyphen > MAX_SLUG_LENGTH / 2 ? cut.slice(0, lastHyphen) : cut;
    out = out.replace(/-$/, '');
  }
  if (WINDOWS_RESERVED.test(out)) out = `${out}-article`;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Creating and editing

export interface CreateArticleInput {
  id?: string;
  sourceLang: Lang;
  headline?: string;
  meta?: MetaPatch;
}

export function defaultMeta(): ArticleMeta {
  return { slug: '', desk: '', editionDate: null, byline: '', tags: [], url: null };
}

export function createArticle(input: CreateArticleInput, author: string, now: string): Article {
  const id = input.id ?? newArticleId();
  if (!isValidArticleId(id)) throw new PirdError('invalid-input', `"${id}" is not a valid article id.`);
  const headline = (input.headline ?? '').normalize('NFC');
  const headlineSegment = makeSegment('headline', 'headline');
  if (headline !== '') {
    headlineSegment.versions[input.sourceLang] = touchedVersion(headline, 'draft', author, now);
  }
  const base: Article = {
    id,
    sourceLang: input.sourceLang,
    meta: defaultMeta(),
    segments: [
      makeSegment('kicker', 'kicker'),
      headlineSegment,
      makeSegment('dateline', 'dateline'),
      makeSegment('p1', 'paragraph'),
    ],
    createdAt: now,
    updatedAt: now,
    revision: 1,
  };
  const withMeta = updateMeta(base, input.meta ?? {});
  if (input.meta?.slug !== undefined) return withMeta;
  // Without a given slug it follows the headline, and the id when the headline has no usable letters.
  return { ...withMeta, meta: { ...withMeta.meta, slug: slugify(headline) || id } };
}

function indexOfSegment(a: Article, segmentId: string): number {
  const index = a.segments.findIndex((s) => s.id === segmentId);
  if (index < 0) throw new PirdError('not-found', `Article ${a.id} has no segment "${segmentId}".`);
  return index;
}

function replaceSegments(a: Article, segments: Segment[]): Article {
  return { ...a, segments };
}

function withSegment(a: Article, index: number, segment: Segment): Article {
  const segments = a.segments.slice();
  segments[index] = segment;
  return replaceSegments(a, segments);
}

/**
 * Sets one language's text of one segment. The text is NFC-normalised and otherwise stored exactly
 * (ZWNJ, bidi controls and anything that looks like HTML are text, not markup).
 * Status rule (CLI spec): an explicit status wins; without one the status stays, except that an
 * `empty` segment that gets text becomes `draft`, and text set to '' becomes `empty`.
 * Returns the input unchanged when neither text nor status changes.
 * A translation records the current source text as its basis (needs-update.ts); a source text
 * leaves its translations as they are, so those made against the old text now need an update.
 */
export function setSegmentText(
  a: Article,
  segmentId: string,
  lang: Lang,
  text: string,
  status: Status | undefined,
  author: string,
  now: string,
): Article {
  const index = indexOfSegment(a, segmentId);
  const segment = a.segments[index]!;
  const current = segment.versions[lang];
  const nextText = text.normalize('NFC');
  let nextStatus: Status;
  if (status !== undefined) nextStatus = status;
  else if (nextText === '') nextStatus = 'empty';
  else if (current.status === 'empty') nextStatus = 'draft';
  else nextStatus = current.status;
  if (nextText === current.text && nextStatus === current.status) return a;
  const version = withBasis(
    touchedVersion(nextText, nextStatus, author, now),
    currentBasis(segment, lang, nextText, a.sourceLang),
  );
  return withSegment(a, index, { ...segment, versions: { ...segment.versions, [lang]: version } });
}

/**
 * Sets one language's status. Setting a translation's status (even to the one it has) confirms it
 * against the current source text: that is how "mark as up to date" clears "needs update".
 */
export function setSegmentStatus(
  a: Article,
  segmentId: string,
  lang: Lang,
  status: Status,
  author: string,
  now: string,
): Article {
  const index = indexOfSegment(a, segmentId);
  const segment = a.segments[index]!;
  const current = segment.versions[lang];
  if (current.status === status && !needsUpdate(segment, lang, a.sourceLang)) return a;
  const version = withBasis(
    touchedVersion(current.text, status, author, now),
    currentBasis(segment, lang, current.text, a.sourceLang),
  );
  return withSegment(a, index, { ...segment, versions: { ...segment.versions, [lang]: version } });
}

/** Inserts an empty segment after `afterSegmentId` (null: at the top). The new versions record who inserted it. */
export function insertSegment(
  a: Article,
  afterSegmentId: string | null,
  kind: SegmentKind = 'paragraph',
  author: string,
  now: string,
): Article {
  const at = afterSegmentId === null ? 0 : indexOfSegment(a, afterSegmentId) + 1;
  const segment: Segment = {
    id: newSegmentId(a),
    kind,
    versions: versionsFor(() => touchedVersion('', 'empty', author, now)),
  };
  const segments = a.segments.slice();
  segments.splice(at, 0, segment);
  return replaceSegments(a, segments);
}

const SPLITTABLE_KINDS: readonly SegmentKind[] = ['paragraph', 'summary'];

// White space trimmed at a cut: Unicode spaces and line breaks, but not U+FEFF or any format
// character (ZWNJ, bidi controls), which String.prototype.trim would partly remove.
const LEADING_SPACE = /^[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
const TRAILING_SPACE = /[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/;

/** Trims white space only: format characters at the edges (ZWNJ, bidi controls) are part of the text. */
export function trimSpaces(text: string): string {
  return text.replace(LEADING_SPACE, '').replace(TRAILING_SPACE, '');
}

function isInsideSurrogatePair(text: string, offset: number): boolean {
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

/**
 * Splits a paragraph (or summary) in two. Languages with an offset are cut there (UTF-16 index),
 * white space at the cut is trimmed; languages without one keep all their text in the first part.
 * The second part gets a new id. A non-empty part keeps the original status, an empty part is `empty`.
 * Needs update: a translation that was up to date and is cut together with the source stays up to
 * date, each part against its part of the source. A translation left whole while its source is cut
 * keeps its old basis, so it needs an update (it now holds text of the next part). A translation
 * that already needed an update keeps its basis in both parts, and so still does.
 */
export function splitSegment(
  a: Article,
  segmentId: string,
  offsets: Partial<Record<Lang, number>>,
  author: string,
  now: string,
): Article {
  const index = indexOfSegment(a, segmentId);
  const segment = a.segments[index]!;
  if (!SPLITTABLE_KINDS.includes(segment.kind)) {
    throw new PirdError(
      'invalid-input',
      `Only paragraphs and summaries can be split; "${segmentId}" is a ${segment.kind}.`,
    );
  }
  const firstVersions = { ...segment.versions };
  const secondVersions = versionsFor(() => touchedVersion('', 'empty', author, now));
  const sourceLang = a.sourceLang;
  const sourceText = segment.versions[sourceLang].text;
  const sourceOffset = offsets[sourceLang];
  const sourceParts =
    sourceOffset === undefined
      ? { head: sourceText, tail: '' }
      : {
          head: sourceText.slice(0, sourceOffset).replace(TRAILING_SPACE, ''),
          tail: sourceText.slice(sourceOffset).replace(LEADING_SPACE, ''),
        };
  for (const lang of LANGUAGES) {
    const offset = offsets[lang];
    if (offset === undefined) continue;
    const version = segment.versions[lang];
    if (!Number.isInteger(offset) || offset < 0 || offset > version.text.length) {
      throw new PirdError(
        'invalid-input',
        `Split offset ${offset} for ${lang} is outside the text (0..${version.text.length}).`,
      );
    }
    if (isInsideSurrogatePair(version.text, offset)) {
      throw new PirdError('invalid-input', `Split offset ${offset} for ${lang} falls inside a character.`);
    }
    const head = version.text.slice(0, offset).replace(TRAILING_SPACE, '');
    const tail = version.text.slice(offset).replace(LEADING_SPACE, '');
    const upToDate =
      lang !== sourceLang && version.basis?.lang === sourceLang && version.basis.text === sourceText;
    const part = (text: string, sourcePart: string): SegmentVersion => {
      const cut = touchedVersion(text, text === '' ? 'empty' : version.status, author, now);
      if (lang === sourceLang || text === '') return cut;
      return withBasis(cut, upToDate ? { lang: sourceLang, text: sourcePart } : version.basis);
    };
    const first = part(head, sourceParts.head);
    if (
      first.text !== version.text ||
      first.status !== version.status ||
      !sameBasis(first.basis, version.basis)
    )
      firstVersions[lang] = first;
    secondVersions[lang] = part(tail, sourceParts.tail);
  }
  const segments = a.segments.slice();
  segments.splice(
    index,
    1,
    { ...segment, versions: firstVersions },
    { id: newSegmentId(a), kind: segment.kind, versions: secondVersions },
  );
  return replaceSegments(a, segments);
}

function lowerStatus(x: Status, y: Status): Status {
  return STATUSES.indexOf(x) <= STATUSES.indexOf(y) ? x : y;
}

/**
 * Merges a paragraph (or summary) with the next one, keeping the first id. Per language the texts
 * are joined with one space; the status is the lower of the two, except that when only one side
 * has text the merged status is that side's.
 * Needs update: a merged translation's basis is the two parts' bases joined the same way (a part
 * without translated text counts as translating nothing). It stays up to date when both parts were,
 * and needs an update when a part of the source had no translation or one needing an update: the
 * diff then shows exactly the source text it lacks. A part with an unknown basis makes it unknown.
 */
export function mergeWithNext(a: Article, segmentId: string, author: string, now: string): Article {
  const index = indexOfSegment(a, segmentId);
  const first = a.segments[index]!;
  const second = a.segments[index + 1];
  if (second === undefined)
    throw new PirdError(
      'invalid-input',
      `Segment "${segmentId}" is the last one: there is nothing to merge it with.`,
    );
  if (!SPLITTABLE_KINDS.includes(first.kind) || !SPLITTABLE_KINDS.includes(second.kind)) {
    throw new PirdError(
      'invalid-input',
      `Only paragraphs and summaries can be merged; "${first.id}" is a ${first.kind} and "${second.id}" is a ${second.kind}.`,
    );
  }
  const versions = versionsFor((lang) => {
    const x = first.versions[lang];
    const y = second.versions[lang];
    let text: string;
    let status: Status;
    if (x.text !== '' && y.text !== '') {
      text = `${x.text} ${y.text}`;
      status = lowerStatus(x.status, y.status);
    } else if (x.text !== '') {
      text = x.text;
      status = x.status;
    } else if (y.text !== '') {
      text = y.text;
      status = y.status;
    } else {
      text = '';
      status = lowerStatus(x.status, y.status);
    }
    const basis = lang === a.sourceLang || text === '' ? undefined : mergedBasis(x, y, a.sourceLang);
    return text === x.text && status === x.status && sameBasis(basis, x.basis)
      ? x
      : withBasis(touchedVersion(text, status, author, now), basis);
  });
  const segments = a.segments.slice();
  segments.splice(index, 2, { ...first, versions });
  return replaceSegments(a, segments);
}

function joinTexts(x: string, y: string): string {
  return x !== '' && y !== '' ? `${x} ${y}` : x || y;
}

function mergedBasis(x: SegmentVersion, y: SegmentVersion, sourceLang: Lang): SourceBasis | undefined {
  const parts: string[] = [];
  for (const version of [x, y]) {
    if (version.text === '') parts.push('');
    else if (version.basis?.lang !== sourceLang) return undefined;
    else parts.push(version.basis.text);
  }
  return { lang: sourceLang, text: joinTexts(parts[0]!, parts[1]!) };
}

/** Moves a segment so that it ends up at `toIndex` (0-based, in the resulting order). */
export function moveSegment(a: Article, segmentId: string, toIndex: number): Article {
  const from = indexOfSegment(a, segmentId);
  if (!Number.isInteger(toIndex) || toIndex < 0 || toIndex >= a.segments.length) {
    throw new PirdError(
      'invalid-input',
      `Cannot move a segment to position ${toIndex}: the article has ${a.segments.length} segments.`,
    );
  }
  if (from === toIndex) return a;
  const segments = a.segments.slice();
  const [segment] = segments.splice(from, 1);
  segments.splice(toIndex, 0, segment!);
  return replaceSegments(a, segments);
}

/** Deletes a segment in every language. The headline and the last paragraph stay. */
export function deleteSegment(a: Article, segmentId: string): Article {
  const index = indexOfSegment(a, segmentId);
  const segment = a.segments[index]!;
  if (segment.kind === 'headline') throw new PirdError('invalid-input', 'The headline cannot be deleted.');
  if (segment.kind === 'paragraph' && a.segments.filter((s) => s.kind === 'paragraph').length === 1) {
    throw new PirdError('invalid-input', 'The last paragraph cannot be deleted.');
  }
  return replaceSegments(
    a,
    a.segments.filter((_, i) => i !== index),
  );
}

function isIsoDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** Applies a metadata patch. Texts are NFC-normalised and trimmed; the slug is made file-name-safe. */
export function updateMeta(a: Article, patch: MetaPatch): Article {
  const meta: ArticleMeta = { ...a.meta, tags: a.meta.tags.slice() };
  const clean = (value: string): string => value.normalize('NFC').trim();
  if (patch.slug !== undefined) meta.slug = slugify(patch.slug) || a.id;
  if (patch.desk !== undefined) meta.desk = clean(patch.desk);
  if (patch.byline !== undefined) meta.byline = clean(patch.byline);
  if (patch.editionDate !== undefined) {
    if (patch.editionDate !== null && !isIsoDay(patch.editionDate)) {
      throw new PirdError('invalid-input', `"${patch.editionDate}" is not a date (expected YYYY-MM-DD).`);
    }
    meta.editionDate = patch.editionDate;
  }
  if (patch.tags !== undefined) meta.tags = [...new Set(patch.tags.map(clean).filter((t) => t !== ''))];
  if (patch.url !== undefined)
    meta.url = patch.url === null || clean(patch.url) === '' ? null : clean(patch.url);
  return { ...a, meta };
}

/**
 * Changes which language is the source. Statuses stay: they describe the texts, which have not changed.
 * Translations keep their bases, which name the old source language: none of them needs an update
 * against the new source until it is set again, and switching back makes the old bases count again.
 */
export function setSourceLang(a: Article, lang: Lang): Article {
  return a.sourceLang === lang ? a : { ...a, sourceLang: lang };
}

// ---------------------------------------------------------------------------------------------
// Summaries

function emptyProgress(): LanguageProgress {
  return {
    total: 0,
    byStatus: { empty: 0, draft: 0, translated: 0, reviewed: 0, approved: 0 },
    needsUpdate: 0,
    words: { empty: 0, draft: 0, translated: 0, reviewed: 0, approved: 0 },
  };
}

export function summarizeArticle(a: Article): ArticleSummary {
  const progress = { en: emptyProgress(), ar: emptyProgress(), ckb: emptyProgress() };
  let updatedBy: string | null = null;
  let latest = '';
  for (const segment of a.segments) {
    for (const lang of LANGUAGES) {
      const version = segment.versions[lang];
      progress[lang].total += 1;
      progress[lang].byStatus[version.status] += 1;
      progress[lang].words[version.status] += countWords(version.text);
      if (needsUpdate(segment, lang, a.sourceLang)) progress[lang].needsUpdate += 1;
      // ISO 8601 UTC strings of one format compare correctly as strings.
      if (version.changedAt !== null && version.changedAt > latest) {
        latest = version.changedAt;
        updatedBy = version.changedBy;
      }
    }
  }
  const headlineSegment = a.segments.find((s) => s.kind === 'headline');
  return {
    id: a.id,
    sourceLang: a.sourceLang,
    headline: versionsToTexts(headlineSegment),
    desk: a.meta.desk,
    editionDate: a.meta.editionDate,
    slug: a.meta.slug,
    updatedAt: a.updatedAt,
    updatedBy,
    progress,
  };
}

function versionsToTexts(segment: Segment | undefined): Record<Lang, string> {
  return {
    en: segment?.versions.en.text ?? '',
    ar: segment?.versions.ar.text ?? '',
    ckb: segment?.versions.ckb.text ?? '',
  };
}
