// Numbers, dates and times per UI language. Chromium has no Sorani Intl data, so Sorani (and, for
// consistency, Arabic) dates are built from Pird's own month names in locales/, and digits come from
// the ar-IQ number formatter (Arabic-Indic ٠–٩ with ٬ and ٫).
import type { TFunction } from 'i18next';
import { NUMBER_LOCALE } from './languages.ts';
import type { UiLanguage } from './languages.ts';

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(lang: UiLanguage, options?: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang}|${JSON.stringify(options ?? {})}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(NUMBER_LOCALE[lang], options);
    numberFormats.set(key, format);
  }
  return format;
}

export function formatNumber(lang: UiLanguage, value: number, options?: Intl.NumberFormatOptions): string {
  return numberFormat(lang, options).format(value);
}

/** Years, days and clock digits: never grouped (٢٠٢٦, not ٢٬٠٢٦). */
function digits(lang: UiLanguage, value: number, minimumIntegerDigits = 1): string {
  return numberFormat(lang, { useGrouping: false, minimumIntegerDigits }).format(value);
}

interface DayParts {
  year: number;
  month: number; // 1-12
  day: number;
}

/** `YYYY-MM-DD` is a calendar day (an edition), not an instant: read it without any time zone. */
function parseDay(value: string): DayParts | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

function toDate(value: Date | string): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const MONTH_KEYS = [
  'calendar.month1',
  'calendar.month2',
  'calendar.month3',
  'calendar.month4',
  'calendar.month5',
  'calendar.month6',
  'calendar.month7',
  'calendar.month8',
  'calendar.month9',
  'calendar.month10',
  'calendar.month11',
  'calendar.month12',
] as const;

export interface Formatters {
  lang: UiLanguage;
  number(value: number, options?: Intl.NumberFormatOptions): string;
  /** "25 November 2026" · "٢٥ تشرين الثاني ٢٠٢٦" · "٢٥ی تشرینی دووەمی ٢٠٢٦". Accepts YYYY-MM-DD or an instant. */
  date(value: Date | string): string;
  /** 24-hour clock: "14:30" · "١٤:٣٠". */
  time(value: Date | string): string;
  /** "25 November 2026, 14:30" · "٢٥ تشرين الثاني ٢٠٢٦، الساعة ١٤:٣٠". */
  dateTime(value: Date | string): string;
}

export function createFormatters(lang: UiLanguage, t: TFunction): Formatters {
  function formatDay(parts: DayParts): string {
    const monthKey = MONTH_KEYS[parts.month - 1];
    if (!monthKey) return '';
    return t('format.date', {
      day: digits(lang, parts.day),
      month: t(monthKey),
      year: digits(lang, parts.year),
    });
  }

  function date(value: Date | string): string {
    if (typeof value === 'string') {
      const day = parseDay(value);
      if (day) return formatDay(day);
    }
    const instant = toDate(value);
    if (!instant) return '';
    return formatDay({ year: instant.getFullYear(), month: instant.getMonth() + 1, day: instant.getDate() });
  }

  function time(value: Date | string): string {
    const instant = toDate(value);
    if (!instant) return '';
    return t('format.time', {
      hours: digits(lang, instant.getHours(), 2),
      minutes: digits(lang, instant.getMinutes(), 2),
    });
  }

  return {
    lang,
    number: (value, options) => formatNumber(lang, value, options),
    date,
    time,
    dateTime(value) {
      const instant = toDate(value);
      if (!instant) return '';
      return t('format.dateTime', { date: date(instant), time: time(instant) });
    },
  };
}
