// Quality check of articles before export (and in the editor's QA panel, and in sync's conflict
// view): one finding per problem, per article, language and segment, with a stable code the UI
// translates (locales: qa.code.<code>) and an English message for logs and the CLI.
// Errors block export unless the user exports anyway; warnings inform.
import type { Glossary } from '../glossary/glossary.ts';
import { containsTerm, matchTerms } from '../glossary/glossary.ts';
import type { LibrarySettings, RequiredStatus } from '../library-settings.ts';
import { requiredStatusFor } from '../library-settings.ts';
import type { Article, Lang, Segment } from '../model.ts';
import { LANGUAGES, STATUSES } from '../model.ts';
import { sourceChanges } from '../needs-update.ts';
import { imageFindings } from '../images/image-qa.ts';
import { compareWithCounts, numberCounts, numberValues } from './numbers.ts';
import {
  findBidiControls,
  findControlCharacters,
  findDirectionMarks,
  findLatinPunctuation,
  findLinks,
  hasInvisibleCharacters,
  linkKey,
  looksLikeHtml,
} from './text-checks.ts';
import type { FoundLink } from './text-checks.ts';

export const QA_CODES = [
  'missing-translation',
  'status-below-required',
  'numbers-differ',
  'bidi-controls',
  'direction-marks',
  'empty-headline',
  'looks-like-html',
  'latin-punctuation',
  'link-differs',
  'control-characters',
  'glossary-term-missing',
  'needs-update',
  'image-alt-missing',
] as const;
export type QaCode = (typeof QA_CODES)[number];
export type QaSeverity = 'error' | 'warning';

export const QA_SEVERITY: Record<QaCode, QaSeverity> = {
  'missing-translation': 'error',
  'status-below-required': 'error',
  'numbers-differ': 'error',
  'bidi-controls': 'error',
  'direction-marks': 'warning',
  'empty-headline': 'error',
  'looks-like-html': 'warning',
  'latin-punctuation': 'warning',
  'link-differs': 'error',
  'control-characters': 'warning',
  'glossary-term-missing': 'warning',
  // A warning, not an error: a source edit is often a typo fix the translation does not need, and
  // blocking every export after one would teach people to export anyway without looking.
  'needs-update': 'warning',
  // An image without alt text in an exported language (images/image-qa.ts).
  'image-alt-missing': 'warning',
};

export interface QaFinding {
  articleId: string;
  lang: Lang;
  segmentId: string;
  severity: QaSeverity;
  code: QaCode;
  /** English, for logs and the CLI; the UI builds its own from code and detail. */
  message: string;
  /** Machine-readable facts for the UI's message (values, characters, offsets). */
  detail?: Record<string, unknown>;
}

export interface QaSummary {
  errors: number;
  warnings: number;
  /** Findings per code, only codes that occur, in QA_CODES order. */
  byCode: Partial<Record<QaCode, number>>;
}

/** What `qa.run` answers. */
export interface QaRunResult {
  findings: QaFinding[];
  summary: QaSummary;
}

export interface QaOptions {
  /** Languages to check (export of some languages checks only those). Default: all. */
  langs?: readonly Lang[];
  /** The level texts must have reached; else from settings per desk; default `translated`. */
  requiredStatus?: RequiredStatus;
  settings?: LibrarySettings;
  /** The library's glossary: a source term whose approved translation the target lacks is a warning. */
  glossary?: Glossary;
}

/** Languages whose copy uses Arabic punctuation (، ؛ ؟). */
const ARABIC_PUNCTUATION_LANGS: readonly Lang[] = ['ar', 'ckb'];

/** "headline", "paragraph 3": where a finding is, for its message. */
function segmentLabel(article: Article, segment: Segment): string {
  if (segment.kind !== 'paragraph') return segment.kind;
  // A loop rather than filter: see sortedLinkKeys.
  let n = 0;
  for (const s of article.segments) {
    if (s.kind === 'paragraph') n++;
    if (s === segment) break;
  }
  return `paragraph ${n}`;
}

/** The text with its links (found by findLinks) blanked out, offsets unchanged. */
function withoutLinks(text: string, links: readonly FoundLink[]): string {
  let out = text;
  for (const link of links) {
    out =
      out.slice(0, link.offset) + ' '.repeat(link.value.length) + out.slice(link.offset + link.value.length);
  }
  return out;
}

/**
 * A text's links as comparable keys, sorted. A loop rather than map: an export's workers run the
 * QA of every article, and V8 kept deoptimising qaArticle at arrays that map made (see buildNinjs
 * in export/ninjs.ts).
 */
function sortedLinkKeys(links: readonly FoundLink[]): string[] {
  const keys: string[] = [];
  for (const link of links) keys.push(linkKey(link));
  return keys.sort();
}

/** What a segment's source text is compared by, worked out once for all its translations. */
interface SourceFacts {
  /** The text with its links blanked out: digits in a URL are the link check's business. */
  prose: string;
  numbers: Map<string, number>;
  linkKeys: string[];
}

function sourceFacts(text: string): SourceFacts {
  const links = findLinks(text);
  const prose = withoutLinks(text, links);
  return { prose, numbers: numberCounts(prose), linkKeys: sortedLinkKeys(links) };
}

function orderedLangs(langs: readonly Lang[] | undefined): Lang[] {
  const wanted = new Set(langs ?? LANGUAGES);
  return LANGUAGES.filter((lang) => wanted.has(lang));
}

/** Runs every check on one article. Findings come in segment order, then language order. */
export function qaArticle(article: Article, options: QaOptions = {}): QaFinding[] {
  const langs = orderedLangs(options.langs);
  const required =
    options.requiredStatus ??
    (options.settings ? requiredStatusFor(options.settings, article.meta.desk) : 'translated');
  const requiredRank = STATUSES.indexOf(required);
  const source = article.sourceLang;
  const findings: QaFinding[] = [];

  for (const segment of article.segments) {
    const add = (lang: Lang, code: QaCode, message: string, detail?: Record<string, unknown>): void => {
      findings.push({
        articleId: article.id,
        lang,
        segmentId: segment.id,
        severity: QA_SEVERITY[code],
        code,
        message: `${article.id} ${lang} ${segmentLabel(article, segment)}: ${message}`,
        ...(detail === undefined ? {} : { detail }),
      });
    };
    const anyText = LANGUAGES.some((lang) => segment.versions[lang].text !== '');
    const sourceText = segment.versions[source].text;
    let sourceFactsOnce: SourceFacts | null = null;
    const glossaryHits =
      options.glossary && options.glossary.entries.length > 0 && sourceText !== ''
        ? matchTerms(options.glossary, sourceText, source)
        : [];

    for (const lang of langs) {
      const version = segment.versions[lang];
      const text = version.text;
      if (text === '') {
        if (segment.kind === 'headline') add(lang, 'empty-headline', 'the headline is empty.');
        else if (anyText)
          add(lang, 'missing-translation', 'not translated (the segment is empty in this language).');
        continue;
      }

      if (STATUSES.indexOf(version.status) < requiredRank) {
        add(lang, 'status-below-required', `status is ${version.status}; the desk requires ${required}.`, {
          status: version.status,
          required,
        });
      }

      const invisible = hasInvisibleCharacters(text);
      const controls = invisible ? findBidiControls(text) : [];
      if (controls.length > 0) {
        add(
          lang,
          'bidi-controls',
          `hidden direction controls ${[...new Set(controls.map((c) => c.char))].join(', ')} (strip them).`,
          { characters: controls },
        );
      }
      const marks = invisible ? findDirectionMarks(text) : [];
      if (marks.length > 0) {
        add(
          lang,
          'direction-marks',
          `direction marks ${[...new Set(marks.map((c) => c.char))].join(', ')}.`,
          {
            characters: marks,
          },
        );
      }
      const controlChars = invisible ? findControlCharacters(text) : [];
      if (controlChars.length > 0) {
        add(lang, 'control-characters', 'invisible control characters (they are dropped from the HTML).', {
          characters: controlChars,
        });
      }
      // Found once for the punctuation, number and link checks below.
      const links = findLinks(text);
      const html = looksLikeHtml(text);
      if (html !== null)
        add(lang, 'looks-like-html', `looks like HTML (${html}); it is exported as text.`, { match: html });
      if (ARABIC_PUNCTUATION_LANGS.includes(lang)) {
        const punctuation = findLatinPunctuation(text, links);
        if (punctuation.length > 0) {
          add(
            lang,
            'latin-punctuation',
            `Latin punctuation ${[...new Set(punctuation.map((p) => p.char))].join(' ')} where ، ؛ ؟ are expected.`,
            { characters: punctuation },
          );
        }
      }

      const changes = sourceChanges(segment, lang, source);
      if (changes !== null) {
        const words = (kind: 'added' | 'removed'): string[] =>
          changes
            .filter((p) => p.kind === kind)
            .map((p) => p.text.trim())
            .filter((w) => w !== '');
        const added = words('added');
        const removed = words('removed');
        add(
          lang,
          'needs-update',
          `the ${source} source changed after this translation was made (added [${added.join(' | ')}], removed [${removed.join(' | ')}]).`,
          { sourceLang: source, added, removed },
        );
      }

      if (lang !== source && sourceText !== '') {
        const facts = (sourceFactsOnce ??= sourceFacts(sourceText));
        // Digits inside a URL or an e-mail address are the link check's business, not this one's.
        const prose = withoutLinks(text, links);
        const numbers = compareWithCounts(facts.numbers, prose);
        if (numbers.missing.length > 0 || numbers.extra.length > 0) {
          const expected = numberValues(facts.prose);
          const found = numberValues(prose);
          add(
            lang,
            'numbers-differ',
            `numbers differ: ${source} {${expected.join(', ')}} vs ${lang} {${found.join(', ')}}.`,
            { sourceLang: source, expected, found, missing: numbers.missing, extra: numbers.extra },
          );
        }
        const sourceLinks = facts.linkKeys;
        const linkKeys = sortedLinkKeys(links);
        if (sourceLinks.join('\n') !== linkKeys.join('\n')) {
          const missing = sourceLinks.filter((l) => !linkKeys.includes(l));
          const extra = linkKeys.filter((l) => !sourceLinks.includes(l));
          add(
            lang,
            'link-differs',
            `links differ from ${source}: missing [${missing.join(', ')}], extra [${extra.join(', ')}].`,
            { sourceLang: source, expected: sourceLinks, found: linkKeys, missing, extra },
          );
        }
        for (const hit of glossaryHits) {
          const entry = options.glossary!.entries.find((e) => e.id === hit.entryId);
          const approved = entry?.terms[lang];
          if (approved === undefined || approved === '' || containsTerm(text, approved, lang)) continue;
          add(
            lang,
            'glossary-term-missing',
            `the ${source} source has the glossary term "${hit.term}" but not its approved translation "${approved}".`,
            { sourceLang: source, term: hit.term, approved, entryId: hit.entryId },
          );
        }
      }
    }
  }
  findings.push(...imageFindings(article, langs));
  return findings;
}

export function qaArticles(articles: readonly Article[], options: QaOptions = {}): QaFinding[] {
  return articles.flatMap((article) => qaArticle(article, options));
}

export function summarizeFindings(findings: readonly QaFinding[]): QaSummary {
  const byCode: Partial<Record<QaCode, number>> = {};
  let errors = 0;
  let warnings = 0;
  const counts = new Map<QaCode, number>();
  for (const f of findings) {
    counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
    if (f.severity === 'error') errors++;
    else warnings++;
  }
  // In QA_CODES order, whatever order the findings came in.
  for (const code of QA_CODES) {
    const count = counts.get(code);
    if (count !== undefined) byCode[code] = count;
  }
  return { errors, warnings, byCode };
}
