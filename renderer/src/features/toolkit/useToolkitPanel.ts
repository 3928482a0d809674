// Whether the editor shows the translator's toolkit (a per-device choice, like the languages shown),
// and the keys that work even while it is hidden: Ctrl+Shift+M shows or hides it, F3 opens it on a
// concordance search for the selected text.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';
import { isTextField, shortcutFor } from '../../shortcuts.ts';
import { selectedPhrase } from './insertText.ts';

const STORAGE_KEY = 'pird.editor.toolkit';
/** The concordance request schema allows 1000 characters; a selection longer than a phrase is cut. */
const MAX_PHRASE = 200;

function loadShown(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) !== 'hidden';
  } catch {
    return true;
  }
}

function saveShown(shown: boolean): void {
  try {
    localStorage.setItem(STORAGE_KEY, shown ? 'shown' : 'hidden');
  } catch {
    // Not persisting a view preference is harmless.
  }
}

/** A concordance search asked for from outside the panel (F3); `serial` tells repeated asks apart. */
export interface ConcordanceRequest {
  phrase: string;
  serial: number;
}

export interface ToolkitPanelState {
  open: boolean;
  setOpen(open: boolean): void;
  concordanceRequest: ConcordanceRequest | null;
  /** The toolbar button: focus returns to it when the panel closes with the focus inside. */
  toggleButton: RefObject<HTMLButtonElement | null>;
}

export function useToolkitPanel(): ToolkitPanelState {
  const [open, setOpenState] = useState(loadShown);
  const [concordanceRequest, setConcordanceRequest] = useState<ConcordanceRequest | null>(null);
  const toggleButton = useRef<HTMLButtonElement>(null);
  const openRef = useRef(open);

  const setOpen = useCallback((next: boolean) => {
    const focusInside = document.activeElement?.closest('[data-toolkit-panel]') != null;
    openRef.current = next;
    setOpenState(next);
    saveShown(next);
    if (!next && focusInside) toggleButton.current?.focus();
  }, []);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || document.querySelector('dialog[open]')) return;
      const shortcut = shortcutFor(event, isTextField(event.target));
      if (shortcut?.id === 'toggleToolkit') {
        event.preventDefault();
        setOpen(!openRef.current);
      } else if (shortcut?.id === 'concordance') {
        event.preventDefault();
        const phrase = selectedPhrase().slice(0, MAX_PHRASE);
        setOpen(true);
        setConcordanceRequest((previous) => ({ phrase, serial: (previous?.serial ?? 0) + 1 }));
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [setOpen]);

  return { open, setOpen, concordanceRequest, toggleButton };
}
