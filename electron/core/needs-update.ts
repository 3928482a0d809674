// "Needs update": a translation whose source text changed after the translation was last set.
// Derived from the texts and each translation's basis (the source text it was set against), never
// stored, so it cannot disagree with them, and sync needs no rule of its own for it: the source text
// and each translation (with its basis) travel as they always did.
import type { Lang, Segment, SegmentVersion, SourceBasis } from './model.ts';
import type { DiffPart } from './text-diff.ts';
import { diffWords } from './text-diff.ts';

/**
 * True when `lang` is a translation (not the source language) with text, made against a source text
 * of the current source language that is no longer the segment's. An unknown basis (older files) or
 * one from another source language (the article's source language changed since) never counts.
 */
export function versionNeedsUpdate(
  version: SegmentVersion,
  lang: Lang,
  source: SegmentVersion,
  sourceLang: Lang,
): boolean {
  return (
    lang !== sourceLang &&
    version.text !== '' &&
    version.basis !== undefined &&
    version.basis.lang === sourceLang &&
    version.basis.text !== source.text
  );
}

export function needsUpdate(segment: Segment, lang: Lang, sourceLang: Lang): boolean {
  return versionNeedsUpdate(segment.versions[lang], lang, segment.versions[sourceLang], sourceLang);
}

/** What changed in the source since the translation in `lang` was made, word by word; null when up to date. */
export function sourceChanges(segment: Segment, lang: Lang, sourceLang: Lang): DiffPart[] | null {
  if (!needsUpdate(segment, lang, sourceLang)) return null;
  return diffWords(segment.versions[lang].basis!.text, segment.versions[sourceLang].text);
}

/**
 * The basis a translation gets when it is set now: the segment's current source text. None for the
 * source language itself and for an empty text (nothing was translated).
 */
export function currentBasis(
  segment: Segment,
  lang: Lang,
  text: string,
  sourceLang: Lang,
): SourceBasis | undefined {
  if (lang === sourceLang || text === '') return undefined;
  return { lang: sourceLang, text: segment.versions[sourceLang].text };
}

export function sameBasis(a: SourceBasis | undefined, b: SourceBasis | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.lang === b.lang && a.text === b.text);
}

/** `version` with `basis`, or without one; never a `basis: undefined` key (sync compares values by their keys). */
export function withBasis(version: SegmentVersion, basis: SourceBasis | undefined): SegmentVersion {
  const copy = { ...version };
  delete copy.basis;
  return basis === undefined ? copy : { ...copy, basis };
}
