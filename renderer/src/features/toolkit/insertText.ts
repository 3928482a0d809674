// Putting a suggestion or a glossary term into a cell the way typing does: through the browser's own
// editing command, so the textarea's undo history (Ctrl+Z) holds it and React sees the same input event
// as a keystroke, which sends the text down the editor's autosave path (EditorView.onText → SaveQueue).

export type InsertMode =
  /** The whole text of the cell (a translation-memory suggestion). */
  | 'replace'
  /** At the caret, over the selection if there is one (a glossary term). */
  | 'atCursor';

/**
 * Inserts `text` into `cell` and leaves the caret after it. `fallback` receives the cell's new text
 * where the editing command is unavailable; the caller saves it like typed text.
 */
export function insertIntoCell(
  cell: HTMLTextAreaElement,
  text: string,
  mode: InsertMode,
  fallback: (nextText: string) => void,
): void {
  // The caret survives the blur when a panel button took the focus: read it before focusing back.
  const start = mode === 'replace' ? 0 : cell.selectionStart;
  const end = mode === 'replace' ? cell.value.length : cell.selectionEnd;
  const expected = cell.value.slice(0, start) + text + cell.value.slice(end);
  cell.focus();
  if (expected === cell.value) {
    cell.setSelectionRange(start + text.length, start + text.length);
    return;
  }
  cell.setSelectionRange(start, end);
  let inserted = false;
  try {
    // Deprecated but still the only way to edit a textarea with an undo entry (Chromium and Electron).
    inserted = document.execCommand('insertText', false, text);
  } catch {
    inserted = false;
  }
  if (inserted && cell.value === expected) return;
  fallback(expected);
  const caret = start + text.length;
  // React writes the new value on its next render; the caret goes after the inserted text then.
  requestAnimationFrame(() => {
    if (cell.value === expected) cell.setSelectionRange(caret, caret);
  });
}

/** The selected text of the focused field or of the page, for a concordance search. */
export function selectedPhrase(): string {
  const active = document.activeElement;
  if (active instanceof HTMLTextAreaElement || active instanceof HTMLInputElement) {
    const start = active.selectionStart ?? 0;
    const end = active.selectionEnd ?? 0;
    return active.value.slice(start, end).trim();
  }
  return window.getSelection()?.toString().trim() ?? '';
}
