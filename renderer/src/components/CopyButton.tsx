import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './Icon.tsx';

/** Puts text on the clipboard; falls back to a hidden text field where the Clipboard API is refused. */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const field = document.createElement('textarea');
    field.value = text;
    field.setAttribute('readonly', '');
    field.className = 'visually-hidden';
    document.body.append(field);
    field.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      field.remove();
    }
  }
}

/** "Copy path": the path itself is shown beside the button (the button's description points at it). */
export function CopyButton({ text, describedBy }: { text: string; describedBy?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  return (
    <>
      <button
        type="button"
        className="button small"
        aria-describedby={describedBy}
        onClick={() =>
          void copyText(text).then((ok) => {
            if (!ok) return;
            setCopied(true);
            clearTimeout(timer.current);
            timer.current = setTimeout(() => setCopied(false), 2500);
          })
        }
        data-testid="copy-path"
        data-copy={text}
      >
        <Icon name="copy" />
        {t('action.copyPath')}
      </button>
      <span className="copied-note" role="status">
        {copied ? t('action.copied') : ''}
      </span>
    </>
  );
}
