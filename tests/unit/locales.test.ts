// The UI strings: every locale has exactly en's keys (plural suffixes per language's own plural rules),
// the same interpolation placeholders, no empty strings, and Sorani written with Sorani letters.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, STATUSES } from '../../electron/core/contract.ts';
import { QA_CODES } from '../../electron/core/qa/qa.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const localesDir = path.resolve(here, '../../locales');
const LOCALES = ['en', 'ar', 'ckb'] as const;
type Locale = (typeof LOCALES)[number];

/** Plural categories i18next asks each language for (ui-terms §2): _zero is used by all for a count of 0. */
const PLURAL_FORMS: Record<Locale, string[]> = {
  en: ['zero', 'one', 'other'],
  ar: ['zero', 'one', 'two', 'few', 'many', 'other'],
  ckb: ['zero', 'one', 'other'],
};
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function flatten(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.set(prefix, value);
  }
  return out;
}

function load(locale: Locale): Map<string, unknown> {
  return flatten(JSON.parse(readFileSync(path.join(localesDir, locale, 'translation.json'), 'utf8')));
}

const resources = Object.fromEntries(LOCALES.map((locale) => [locale, load(locale)])) as Record<
  Locale,
  Map<string, unknown>
>;

function baseKey(key: string): string {
  return key.replace(PLURAL_SUFFIX, '');
}

/** Keys with plural suffixes folded: `library.articleCount_one` → `library.articleCount`. */
function baseKeys(locale: Locale): Set<string> {
  return new Set([...resources[locale].keys()].map(baseKey));
}

function pluralGroups(locale: Locale): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const key of resources[locale].keys()) {
    const match = PLURAL_SUFFIX.exec(key);
    if (!match?.[1]) continue;
    const base = baseKey(key);
    groups.set(base, [...(groups.get(base) ?? []), match[1]]);
  }
  return groups;
}

/** `{{count, number}}` → `count`; `{{name}}` → `name`. */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([^,}\s]+)\s*(?:,[^}]*)?\}\}/g)].map((match) => match[1] ?? '').sort();
}

describe('locales', () => {
  it('holds only strings, and no empty string, in every locale', () => {
    for (const locale of LOCALES) {
      for (const [key, value] of resources[locale]) {
        expect(typeof value, `${locale}: ${key}`).toBe('string');
        expect((value as string).trim(), `${locale}: ${key}`).not.toBe('');
      }
    }
  });

  it('gives every locale exactly the keys of en, modulo plural suffixes', () => {
    const expected = [...baseKeys('en')].sort();
    for (const locale of LOCALES) expect([...baseKeys(locale)].sort(), locale).toEqual(expected);
  });

  it('uses exactly the plural categories each language needs (ar six, en and ckb three)', () => {
    const enGroups = pluralGroups('en');
    expect(enGroups.size).toBeGreaterThan(0);
    for (const locale of LOCALES) {
      const groups = pluralGroups(locale);
      expect([...groups.keys()].sort(), locale).toEqual([...enGroups.keys()].sort());
      for (const [base, forms] of groups)
        expect(forms.sort(), `${locale}: ${base}`).toEqual([...PLURAL_FORMS[locale]].sort());
    }
  });

  it('keeps the interpolation placeholders of en in every translation', () => {
    const en = resources.en;
    for (const locale of LOCALES) {
      for (const [key, value] of resources[locale]) {
        const found = placeholders(value as string);
        if (PLURAL_SUFFIX.test(key)) {
          // "مادة واحدة" and "One article" carry the number in words: count may be left out of a form,
          // but no form may invent a placeholder, and the _other form must keep all of en's.
          const base = baseKey(key);
          const enOther = placeholders(String(en.get(`${base}_other`)));
          for (const name of found) expect(enOther, `${locale}: ${key} has {{${name}}}`).toContain(name);
          if (key.endsWith('_other')) expect(found, `${locale}: ${key}`).toEqual(enOther);
        } else {
          expect(found, `${locale}: ${key}`).toEqual(placeholders(String(en.get(key))));
        }
      }
    }
  });

  it('formats counts and numbers with the number formatter, never as plain ASCII digits', () => {
    for (const locale of LOCALES) {
      for (const [key, value] of resources[locale]) {
        for (const match of (value as string).matchAll(/\{\{\s*(count|number|done|total)\s*\}\}/g)) {
          throw new Error(`${locale}: ${key} interpolates {{${match[1]}}} without ", number"`);
        }
      }
    }
  });

  it('writes Sorani with Sorani letters: no Arabic ي ك ة ى, no word-final ه, no ZWNJ-ه for ە', () => {
    for (const [key, value] of resources.ckb) {
      const text = value as string;
      expect(text, `ckb: ${key}`).not.toMatch(/[\u064A\u0643\u0629\u0649]/);
      expect(text, `ckb: ${key}`).not.toMatch(/\u0647(?![\p{L}\p{M}])/u);
      expect(text, `ckb: ${key}`).not.toMatch(/\u0647\u200C/);
    }
  });

  it('has Arabic-script text (not English left over) in ar and ckb', () => {
    for (const locale of ['ar', 'ckb'] as const) {
      for (const [key, value] of resources[locale]) {
        const text = (value as string).replace(/\{\{[^}]*\}\}/g, '');
        if (/^(app\.name|format\.|editor\.changedAt$|editor\.cellLabel$)/.test(key) && !/\p{L}/u.test(text))
          continue;
        if (key === 'app.name' && locale === 'ar') continue; // ar keeps the Latin name Pird (ui-terms)
        expect(text, `${locale}: ${key}`).toMatch(/[\u0600-\u06FF]/);
      }
    }
  });

  it('translates every error code and every status', () => {
    for (const locale of LOCALES) {
      for (const code of ERROR_CODES)
        expect(resources[locale].has(`errors.${code}`), `${locale}: ${code}`).toBe(true);
      for (const status of STATUSES)
        expect(resources[locale].has(`status.${status}`), `${locale}: ${status}`).toBe(true);
    }
  });

  it('names every QA finding code and both severities (the QA panel and the export report)', () => {
    for (const locale of LOCALES) {
      for (const code of QA_CODES)
        expect(resources[locale].has(`qa.code.${code}`), `${locale}: qa.code.${code}`).toBe(true);
      for (const severity of ['error', 'warning'])
        expect(resources[locale].has(`qa.severity.${severity}`), `${locale}: ${severity}`).toBe(true);
    }
  });

  it('uses the Iraqi month names of ui-terms §3 in ar and the hard-coded Sorani spellings in ckb', () => {
    expect(resources.ar.get('calendar.month11')).toBe('تشرين الثاني');
    expect(resources.ar.get('calendar.month5')).toBe('أيار');
    expect(resources.ckb.get('calendar.month7')).toBe('تەممووز');
    expect(resources.ckb.get('calendar.month12')).toBe('کانوونی یەکەم');
  });
});
