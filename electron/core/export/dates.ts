// Publication dates in exported pages, formatted by Pird itself rather than Intl: Chromium (and so
// Electron) has no Sorani locale data, and a bundle must be byte-identical wherever it is made.
// Month names and forms follow ../shared/ui-terms.md §3 (Iraqi usage, Sorani izafe).
import { PirdError } from '../errors.ts';
import type { Lang } from '../model.ts';

const MONTHS: Record<Lang, readonly string[]> = {
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
  ar: [
    'كانون الثاني',
    'شباط',
    'آذار',
    'نيسان',
    'أيار',
    'حزيران',
    'تموز',
    'آب',
    'أيلول',
    'تشرين الأول',
    'تشرين الثاني',
    'كانون الأول',
  ],
  ckb: [
    'کانوونی دووەم',
    'شوبات',
    'ئازار',
    'نیسان',
    'ئایار',
    'حوزەیران',
    'تەممووز',
    'ئاب',
    'ئەیلوول',
    'تشرینی یەکەم',
    'تشرینی دووەم',
    'کانوونی یەکەم',
  ],
};

function arabicIndic(n: number): string {
  return String(n).replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));
}

// Every page of an export shows the same date: formatted once per date and language.
const formatted = new Map<string, string>();

/** "25 November 2026", "٢٥ تشرين الثاني ٢٠٢٦", "٢٥ی تشرینی دووەمی ٢٠٢٦" (UTC day). */
export function formatPublicationDate(iso: string, lang: Lang): string {
  const key = `${lang} ${iso}`;
  let text = formatted.get(key);
  if (text === undefined) {
    // A long-running app exports on many days: keep the cache small.
    if (formatted.size > 64) formatted.clear();
    text = formatDate(iso, lang);
    formatted.set(key, text);
  }
  return text;
}

function formatDate(iso: string, lang: Lang): string {
  const date = new Date(iso);
  const day = date.getUTCDate();
  const year = date.getUTCFullYear();
  const month = MONTHS[lang][date.getUTCMonth()]!;
  switch (lang) {
    case 'en':
      return `${day} ${month} ${year}`;
    case 'ar':
      return `${arabicIndic(day)} ${month} ${arabicIndic(year)}`;
    case 'ckb':
      // The izafe ی joins the day to the month and the month to the year.
      return `${arabicIndic(day)}ی ${month}ی ${arabicIndic(year)}`;
  }
}

/**
 * The export's date as `YYYY-MM-DDTHH:MM:SSZ` (UTC, whole seconds): from `--date` (a day, or a full
 * ISO 8601 time with an offset), else now.
 */
export function normalizeExportDate(input: string | undefined, now: () => Date = () => new Date()): string {
  let date: Date;
  if (input === undefined || input === '') date = now();
  else if (/^\d{4}-\d{2}-\d{2}$/.test(input)) date = new Date(`${input}T00:00:00Z`);
  else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/.test(input))
    date = new Date(input);
  else date = new Date(Number.NaN);
  if (
    Number.isNaN(date.getTime()) ||
    (/^\d{4}-\d{2}-\d{2}/.test(input ?? '') && !validDay(input!.slice(0, 10)))
  ) {
    throw new PirdError(
      'invalid-input',
      `"${input}" is not a date: use YYYY-MM-DD or an ISO 8601 time such as 2026-11-25T10:00:00Z.`,
    );
  }
  return `${date.toISOString().slice(0, 19)}Z`;
}

function validDay(day: string): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day);
}
