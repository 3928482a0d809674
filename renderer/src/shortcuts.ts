// The editor's keyboard shortcuts, in one place: the key handler, the help overlay and the README all
// read this list. Vertical arrows only, so nothing needs mirroring in RTL; Ctrl also accepts Cmd on macOS.

export type ShortcutId =
  | 'nextSegment'
  | 'previousSegment'
  | 'nextPane'
  | 'previousPane'
  | 'markTranslated'
  | 'saveNow'
  | 'backToLibrary'
  | 'search'
  | 'help'
  | 'insertSuggestion'
  | 'toggleToolkit'
  | 'concordance';

export interface Shortcut {
  id: ShortcutId;
  /** Key combinations as printed on keyboards; any one of them triggers the shortcut. */
  keys: readonly string[];
  /** Locale key of the action's name. */
  labelKey:
    | 'action.nextSegment'
    | 'action.previousSegment'
    | 'action.nextPane'
    | 'action.previousPane'
    | 'action.markTranslated'
    | 'action.saveNow'
    | 'action.backToLibrary'
    | 'action.search'
    | 'action.openHelp'
    | 'toolkit.shortcut.insertSuggestion'
    | 'toolkit.shortcut.toggle'
    | 'toolkit.shortcut.concordance';
  /** The help overlay lists the translator's toolkit (features/toolkit) in a table of its own. */
  group?: 'toolkit';
  /** True when the shortcut also fires while typing in a text field. */
  inTextFields: boolean;
  matches(event: KeyboardEventLike): boolean;
}

export type KeyboardEventLike = Pick<
  KeyboardEvent,
  'key' | 'code' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'
>;

const ctrl = (event: KeyboardEventLike) => event.ctrlKey || event.metaKey;
const noMods = (event: KeyboardEventLike) => !event.altKey && !event.ctrlKey && !event.metaKey;

const SUGGESTION_DIGITS: Readonly<Record<string, number>> = {
  Digit1: 1,
  Digit2: 2,
  Digit3: 3,
  Numpad1: 1,
  Numpad2: 2,
  Numpad3: 3,
};
const SUGGESTION_KEYS = ['123', '١٢٣', '۱۲۳'];

/**
 * Which translation-memory suggestion (1-3) a digit key names. The physical key first: Arabic and
 * Sorani layouts may put ١ or ۱ on it.
 */
export function suggestionNumber(event: Pick<KeyboardEventLike, 'key' | 'code'>): number | null {
  const byCode = SUGGESTION_DIGITS[event.code];
  if (byCode !== undefined) return byCode;
  for (const digits of SUGGESTION_KEYS) {
    const at = digits.indexOf(event.key);
    if (event.key.length === 1 && at >= 0) return at + 1;
  }
  return null;
}

export const SHORTCUTS: readonly Shortcut[] = [
  {
    id: 'nextSegment',
    keys: ['Alt+↓'],
    labelKey: 'action.nextSegment',
    inTextFields: true,
    matches: (e) => e.altKey && !ctrl(e) && !e.shiftKey && e.key === 'ArrowDown',
  },
  {
    id: 'previousSegment',
    keys: ['Alt+↑'],
    labelKey: 'action.previousSegment',
    inTextFields: true,
    matches: (e) => e.altKey && !ctrl(e) && !e.shiftKey && e.key === 'ArrowUp',
  },
  {
    id: 'nextPane',
    keys: ['Ctrl+.', 'F6'],
    labelKey: 'action.nextPane',
    inTextFields: true,
    matches: (e) =>
      (ctrl(e) && !e.altKey && !e.shiftKey && (e.key === '.' || e.code === 'Period')) ||
      (noMods(e) && !e.shiftKey && e.key === 'F6'),
  },
  {
    id: 'previousPane',
    keys: ['Ctrl+Shift+.', 'Shift+F6'],
    labelKey: 'action.previousPane',
    inTextFields: true,
    matches: (e) =>
      (ctrl(e) && !e.altKey && e.shiftKey && (e.key === '>' || e.key === '.' || e.code === 'Period')) ||
      (noMods(e) && e.shiftKey && e.key === 'F6'),
  },
  {
    id: 'markTranslated',
    keys: ['Ctrl+Enter'],
    labelKey: 'action.markTranslated',
    inTextFields: true,
    matches: (e) => ctrl(e) && !e.altKey && !e.shiftKey && e.key === 'Enter',
  },
  {
    id: 'saveNow',
    keys: ['Ctrl+S'],
    labelKey: 'action.saveNow',
    inTextFields: true,
    matches: (e) => ctrl(e) && !e.altKey && !e.shiftKey && (e.code === 'KeyS' || e.key.toLowerCase() === 's'),
  },
  {
    id: 'backToLibrary',
    keys: ['Esc'],
    labelKey: 'action.backToLibrary',
    inTextFields: true,
    matches: (e) => noMods(e) && !e.shiftKey && e.key === 'Escape',
  },
  {
    id: 'search',
    keys: ['Ctrl+K'],
    labelKey: 'action.search',
    inTextFields: true,
    matches: (e) => ctrl(e) && !e.altKey && !e.shiftKey && (e.code === 'KeyK' || e.key.toLowerCase() === 'k'),
  },
  {
    id: 'help',
    keys: ['F1', '?'],
    labelKey: 'action.openHelp',
    // "?" is text inside a cell; F1 works everywhere.
    inTextFields: false,
    matches: (e) => (noMods(e) && e.key === 'F1') || (noMods(e) && e.key === '?'),
  },
  {
    id: 'insertSuggestion',
    // Ctrl+1..3 as in Trados and memoQ. Alt+digit would type characters with macOS's Option key.
    keys: ['Ctrl+1', 'Ctrl+2', 'Ctrl+3'],
    labelKey: 'toolkit.shortcut.insertSuggestion',
    group: 'toolkit',
    inTextFields: true,
    matches: (e) => ctrl(e) && !e.altKey && !e.shiftKey && suggestionNumber(e) !== null,
  },
  {
    id: 'toggleToolkit',
    keys: ['Ctrl+Shift+M'],
    labelKey: 'toolkit.shortcut.toggle',
    group: 'toolkit',
    inTextFields: true,
    matches: (e) => ctrl(e) && !e.altKey && e.shiftKey && (e.code === 'KeyM' || e.key.toLowerCase() === 'm'),
  },
  {
    id: 'concordance',
    // F3 is the concordance key of Trados; a function key is the same on every keyboard layout.
    keys: ['F3'],
    labelKey: 'toolkit.shortcut.concordance',
    group: 'toolkit',
    inTextFields: true,
    matches: (e) => noMods(e) && !e.shiftKey && e.key === 'F3',
  },
];

export function shortcutFor(event: KeyboardEventLike, inTextField: boolean): Shortcut | undefined {
  return SHORTCUTS.find((shortcut) => {
    if (!shortcut.matches(event)) return false;
    if (inTextField && !shortcut.inTextFields) return shortcut.id === 'help' && event.key === 'F1';
    return true;
  });
}

export function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLInputElement)
    return !['checkbox', 'radio', 'button', 'submit', 'file'].includes(target.type);
  return target instanceof HTMLSelectElement;
}
