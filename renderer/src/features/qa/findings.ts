// What the QA panel and the export report say about a finding: its localised name (qa.code.<code>)
// and a detail line built from the finding's machine-readable facts, never from its English message.
import type { TFunction } from 'i18next';
import { LANGUAGES, STATUSES, isLang } from '../../../../electron/core/contract';
import type { Lang, QaFinding, Status } from '../../../../electron/core/contract';
import type { Formatters } from '../../i18n/format.ts';
import { isolate } from '../../i18n/useFormat.ts';

/**
 * The bidi embeddings, overrides (U+202A–202E) and isolates (U+2066–2069) that "Strip characters"
 * removes. Nothing else: ZWNJ (U+200C), which Sorani spelling needs, and the LRM/RLM/ALM marks
 * (only a warning) stay.
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** The distinct U+XXXX codes a check found (detail.characters: [{char, offset}]). */
function characterCodes(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const codes = value
    .map((hit) => (hit as { char?: unknown } | null)?.char)
    .filter((code): code is string => typeof code === 'string');
  return [...new Set(codes)];
}

function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}

/** The detail line of a finding in the UI language, or null when its name says it all. */
export function findingDetail(finding: QaFinding, t: TFunction, format: Formatters): string | null {
  const detail = finding.detail ?? {};
  const list = (items: string[]) => (items.length === 0 ? t('qa.none') : items.join(t('qa.listSeparator')));
  // Numbers are shown in the UI's digits; years stay ungrouped (2025, not 2,025).
  const numbers = (items: string[]) =>
    list(
      items.map((value) =>
        Number.isFinite(Number(value))
          ? format.number(Number(value), { useGrouping: 'min2', maximumFractionDigits: 20 })
          : value,
      ),
    );
  const sourceName = (value: unknown) => (isLang(value) ? t(`languages.${value}`) : '');
  switch (finding.code) {
    case 'numbers-differ':
      return t('qa.detail.compare', {
        source: sourceName(detail.sourceLang),
        expected: numbers(strings(detail.expected)),
        found: numbers(strings(detail.found)),
      });
    case 'link-differs':
      return t('qa.detail.compare', {
        source: sourceName(detail.sourceLang),
        expected: list(strings(detail.expected).map(isolate)),
        found: list(strings(detail.found).map(isolate)),
      });
    case 'status-below-required':
      return isStatus(detail.status) && isStatus(detail.required)
        ? t('qa.detail.status', {
            status: t(`status.${detail.status}`),
            required: t(`status.${detail.required}`),
          })
        : null;
    case 'bidi-controls':
    case 'direction-marks':
    case 'control-characters':
      return t('qa.detail.characters', { chars: list(characterCodes(detail.characters).map(isolate)) });
    case 'latin-punctuation':
      return t('qa.detail.punctuation', {
        chars: characterCodes(detail.characters)
          .map((char) => isolate(char))
          .join(' '),
      });
    case 'looks-like-html':
      return typeof detail.match === 'string' ? t('qa.detail.html', { match: isolate(detail.match) }) : null;
    case 'missing-translation':
      return t('qa.detail.missing');
    case 'empty-headline':
      return t('qa.detail.emptyHeadline');
    case 'glossary-term-missing':
      return typeof detail.term === 'string' && typeof detail.approved === 'string'
        ? t('qa.detail.glossary', { term: isolate(detail.term), approved: isolate(detail.approved) })
        : null;
    case 'needs-update':
      return t('qa.detail.needsUpdate', {
        source: sourceName(detail.sourceLang),
        added: list(strings(detail.added).map(isolate)),
        removed: list(strings(detail.removed).map(isolate)),
      });
    case 'image-alt-missing':
      return typeof detail.position === 'number' && typeof detail.name === 'string'
        ? t('images.qaDetail', { n: detail.position, name: isolate(detail.name) })
        : null;
  }
}

/** Findings per language, in the contract's language order; each keeps the core's segment order. */
export function byLanguage(findings: readonly QaFinding[]): [Lang, QaFinding[]][] {
  return LANGUAGES.map((lang): [Lang, QaFinding[]] => [lang, findings.filter((f) => f.lang === lang)]).filter(
    ([, list]) => list.length > 0,
  );
}

/** Findings per article, in the order the articles first appear. */
export function byArticle(findings: readonly QaFinding[]): [string, QaFinding[]][] {
  const groups = new Map<string, QaFinding[]>();
  for (const finding of findings) {
    const list = groups.get(finding.articleId) ?? [];
    list.push(finding);
    groups.set(finding.articleId, list);
  }
  return [...groups];
}
