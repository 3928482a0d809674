// Adding or editing one glossary entry on the "Glossary & memory" page: a term per language (each
// field in its own language, direction and font) and a note. The core trims the texts, refuses an
// entry without any term and one that shares a term with another entry (glossary.save).
import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../../../../electron/core/contract';
import type { ApiError, GlossaryEntry, Lang } from '../../../../electron/core/contract';
import { useApp } from '../../api/context.ts';
import { contentFontFamily, directionOf } from '../../i18n/languages.ts';
import { InterchangeError } from './InterchangeParts.tsx';

export function GlossaryEntryForm({
  entry,
  onSaved,
  onCancel,
}: {
  /** The entry to edit; null for a new one. */
  entry: GlossaryEntry | null;
  /** Called once the core has saved the entry. */
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { client } = useApp();
  const titleId = useId();
  const hintId = useId();
  const [terms, setTerms] = useState<Record<Lang, string>>({
    en: entry?.terms.en ?? '',
    ar: entry?.terms.ar ?? '',
    ckb: entry?.terms.ckb ?? '',
  });
  const [note, setNote] = useState(entry?.note ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const firstField = useRef<HTMLInputElement>(null);
  const empty = LANGUAGES.every((lang) => terms[lang].trim() === '');

  useEffect(() => {
    firstField.current?.focus();
  }, [entry?.id]);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (empty || busy) return;
    setBusy(true);
    setError(null);
    const result = await client.invoke('glossary.save', {
      ...(entry ? { id: entry.id } : {}),
      terms,
      note,
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    onSaved();
  }

  return (
    <form
      className="form glossary-entry-form"
      aria-labelledby={titleId}
      onSubmit={(event) => void save(event)}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
      data-testid="glossary-entry-form"
    >
      <h3 id={titleId}>{entry ? t('interchange.glossary.editEntry') : t('interchange.glossary.newEntry')}</h3>
      <p className="field-hint" id={hintId}>
        {t('interchange.glossary.formHint')}
      </p>
      <div className="glossary-entry-fields">
        {LANGUAGES.map((lang, index) => (
          <label className="field" key={lang}>
            <span className="field-label">{t(`languages.${lang}`)}</span>
            <input
              ref={index === 0 ? firstField : undefined}
              type="text"
              lang={lang}
              dir={directionOf(lang)}
              style={{ fontFamily: contentFontFamily(lang) }}
              value={terms[lang]}
              maxLength={1000}
              aria-describedby={hintId}
              onChange={(event) => setTerms((old) => ({ ...old, [lang]: event.target.value }))}
              data-testid={`glossary-term-${lang}`}
            />
          </label>
        ))}
        <label className="field">
          <span className="field-label">{t('interchange.glossary.note')}</span>
          {/* A note's language is not recorded: the browser finds its direction from the text. */}
          <input
            type="text"
            dir="auto"
            value={note}
            maxLength={10_000}
            onChange={(event) => setNote(event.target.value)}
            data-testid="glossary-note"
          />
        </label>
      </div>
      {error ? (
        <InterchangeError
          title={t('interchange.glossary.notSaved')}
          error={error}
          testId="glossary-save-error"
        />
      ) : null}
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel} data-testid="glossary-cancel">
          {t('action.cancel')}
        </button>
        <button type="submit" className="button primary" disabled={empty || busy} data-testid="glossary-save">
          {t('action.save')}
        </button>
      </div>
    </form>
  );
}
