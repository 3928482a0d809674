// The UI strings the Electron shell shows itself (menu, About box, error dialogs) come from locales/
// like every other UI string. Only the sections main needs are imported, so its bundle stays small.
import type { Lang } from '../core/contract.ts';
import {
  action as arAction,
  app as arApp,
  desktop as arDesktop,
  errors as arErrors,
  help as arHelp,
  nav as arNav,
} from '../../locales/ar/translation.json';
import {
  action as ckbAction,
  app as ckbApp,
  desktop as ckbDesktop,
  errors as ckbErrors,
  help as ckbHelp,
  nav as ckbNav,
} from '../../locales/ckb/translation.json';
import {
  action as enAction,
  app as enApp,
  desktop as enDesktop,
  errors as enErrors,
  help as enHelp,
  nav as enNav,
} from '../../locales/en/translation.json';

export interface ShellStrings {
  lang: Lang;
  action: typeof enAction;
  app: typeof enApp;
  desktop: typeof enDesktop;
  errors: typeof enErrors;
  help: typeof enHelp;
  nav: typeof enNav;
}

const STRINGS: Record<Lang, ShellStrings> = {
  en: {
    lang: 'en',
    action: enAction,
    app: enApp,
    desktop: enDesktop,
    errors: enErrors,
    help: enHelp,
    nav: enNav,
  },
  ar: {
    lang: 'ar',
    action: arAction,
    app: arApp,
    desktop: arDesktop,
    errors: arErrors,
    help: arHelp,
    nav: arNav,
  },
  ckb: {
    lang: 'ckb',
    action: ckbAction,
    app: ckbApp,
    desktop: ckbDesktop,
    errors: ckbErrors,
    help: ckbHelp,
    nav: ckbNav,
  },
};

export function shellStrings(lang: Lang): ShellStrings {
  return STRINGS[lang];
}

/** Fills `{{name}}` placeholders as i18next writes them; an unknown name stays visible rather than vanish. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
}

/** A contract error code in the UI language, falling back to the message for codes without a string. */
export function errorText(strings: ShellStrings, error: { code: string; message: string }): string {
  const known = (strings.errors as Record<string, string>)[error.code];
  return known ?? error.message;
}

/** A number as the page writes it in this language (renderer/src/i18n/languages.ts: NUMBER_LOCALE). */
export function numberText(strings: ShellStrings, value: number): string {
  return new Intl.NumberFormat(strings.lang === 'en' ? 'en-GB' : 'ar-IQ').format(value);
}
