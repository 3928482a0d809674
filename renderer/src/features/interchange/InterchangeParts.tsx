// Pieces the interchange dialog and the glossary page share: a file picker that looks like a button,
// a failed import or export with the core's own explanation, and a result summary.
import { useId } from 'react';
import type { ChangeEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../../electron/core/contract';
import { Icon } from '../../components/Icon.tsx';
import { isolate, useFormat } from '../../i18n/useFormat.ts';

/** The one file a user picked, read as text, with its name; the input is cleared so the same file can be picked again. */
export async function takeTextFile(
  event: ChangeEvent<HTMLInputElement>,
): Promise<{ name: string; content: string } | null> {
  const input = event.currentTarget;
  const file = input.files?.[0];
  input.value = '';
  if (!file) return null;
  return { name: file.name, content: decodeText(new Uint8Array(await file.arrayBuffer())) };
}

/** UTF-8 unless a byte-order mark says UTF-16 (some CAT tools and spreadsheets save XML and CSV so). */
export function decodeText(bytes: Uint8Array): string {
  const encoding =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? 'utf-16le'
      : bytes[0] === 0xfe && bytes[1] === 0xff
        ? 'utf-16be'
        : 'utf-8';
  // A UTF-8 BOM is dropped by the decoder; the UTF-16 ones too.
  return new TextDecoder(encoding).decode(bytes);
}

/** A native file input inside a label styled as a button: keyboard focus and Enter/Space work as usual. */
export function FileButton({
  label,
  hint,
  accept,
  busy,
  onChange,
  testId,
}: {
  label: string;
  hint?: string;
  accept: string;
  busy: boolean;
  onChange: (event: ChangeEvent<HTMLInputElement>) => void;
  testId: string;
}) {
  const hintId = useId();
  return (
    <span className="interchange-file">
      <label className={busy ? 'button file-button is-busy' : 'button file-button'}>
        <Icon name="import" />
        <span>{label}</span>
        <input
          type="file"
          accept={accept}
          className="visually-hidden"
          disabled={busy}
          aria-describedby={hint ? hintId : undefined}
          onChange={onChange}
          data-testid={testId}
        />
      </label>
      {hint ? (
        <span id={hintId} className="field-hint">
          {hint}
        </span>
      ) : null}
    </span>
  );
}

/**
 * Why a file was refused: the error code in the UI language, then the core's own sentence (which names
 * the segment or line at fault). That sentence is English, so it is marked as such.
 */
export function InterchangeError({
  title,
  error,
  testId,
}: {
  title: string;
  error: ApiError;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <div
      className="inline-error interchange-error"
      role="alert"
      data-testid={testId}
      data-error-code={error.code}
    >
      <p>
        <strong>{title}</strong> {t(`errors.${error.code}`)}
      </p>
      {error.message ? (
        <p className="interchange-error-detail" lang="en" dir="ltr" data-testid={`${testId}-detail`}>
          {error.message}
        </p>
      ) : null}
    </div>
  );
}

/** A file refused here, before anything was sent (wrong type, another article's file). */
export function RefusedFile({
  title,
  message,
  code,
  testId,
}: {
  title: string;
  message: string;
  code: string;
  testId: string;
}) {
  return (
    <div className="inline-error" role="alert" data-testid={testId} data-error-code={code}>
      <p>
        <strong>{title}</strong> {message}
      </p>
    </div>
  );
}

/** "Imported <file>" and what the import counted. */
export function ImportedFile({
  fileName,
  rows,
  testId,
}: {
  fileName: string;
  rows: { label: string; value: number; key: string }[];
  /** `<testId>-result` on the block, `<testId>-summary` on the counts. */
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="interchange-result" data-testid={`${testId}-result`}>
      <p className="status-line">{t('interchange.importedFile', { file: isolate(fileName) })}</p>
      <SummaryList testId={`${testId}-summary`} rows={rows} />
    </div>
  );
}

/** "Label: number" rows, so Arabic never has to agree a noun with a count it does not know. */
export function SummaryList({
  rows,
  testId,
}: {
  rows: { label: string; value: number; key: string }[];
  testId: string;
}) {
  const format = useFormat();
  return (
    <dl className="interchange-summary" data-testid={testId}>
      {rows.map((row) => (
        <div key={row.key} className="interchange-summary-row" data-key={row.key}>
          <dt>{row.label}</dt>
          <dd data-value={row.value}>{format.number(row.value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A titled part of the dialog (h3 under the dialog's h2) or of the page (h2 under its h1). */
export function Section({
  title,
  level,
  children,
  testId,
}: {
  title: string;
  level: 2 | 3;
  children: ReactNode;
  testId: string;
}) {
  const titleId = useId();
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section className="interchange-section" aria-labelledby={titleId} data-testid={testId}>
      <Heading id={titleId}>{title}</Heading>
      {children}
    </section>
  );
}

/**
 * A question asked in place before something that cannot be undone (delete an entry, remove the
 * imported memory): the question, the action as a danger button, and Cancel.
 */
export function InlineConfirm({
  question,
  action,
  onConfirm,
  onCancel,
  small = false,
  className,
  testId,
}: {
  question: string;
  action: string;
  onConfirm: () => void;
  onCancel: () => void;
  small?: boolean;
  className: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const size = small ? ' small' : '';
  return (
    <span className={className} role="group" aria-label={question}>
      <span>{question}</span>
      <button type="button" className={`button${size} danger`} onClick={onConfirm} data-testid={testId}>
        {action}
      </button>
      <button type="button" className={`button${size}`} onClick={onCancel}>
        {t('action.cancel')}
      </button>
    </span>
  );
}
