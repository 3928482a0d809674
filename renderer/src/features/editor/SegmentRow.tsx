import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { STATUSES, needsUpdate, sourceChanges } from '../../../../electron/core/contract';
import type { DiffPart, Lang, Segment, SegmentKind, Status } from '../../../../electron/core/contract';
import { Icon } from '../../components/Icon.tsx';
import type { IconName } from '../../components/Icon.tsx';
import { currentUiLanguage } from '../../i18n/i18n.ts';
import { contentFontFamily, directionOf } from '../../i18n/languages.ts';
import { isolate, useFormat } from '../../i18n/useFormat.ts';

/** The core splits and merges only running text; a headline or dateline stays one segment. */
const SPLITTABLE_KINDS: readonly SegmentKind[] = ['paragraph', 'summary'];

export interface SegmentRowProps {
  segment: Segment;
  /** The kind of the next segment, if any: merging needs both to be running text. */
  nextKind: SegmentKind | null;
  index: number;
  count: number;
  label: string;
  columns: readonly Lang[];
  sourceLang: Lang;
  /** Unsaved text per language, shown instead of the stored text. */
  drafts: Partial<Record<Lang, string>>;
  /** Languages of this segment in a sync conflict: marked, with a link to the Conflicts view. */
  conflictLangs?: readonly Lang[];
  onOpenConflicts?(): void;
  canSplit: boolean;
  onText(segment: Segment, lang: Lang, text: string): void;
  onBlurCell(): void;
  onStatus(segment: Segment, lang: Lang, status: Status): void;
  onFocusCell(segment: Segment, lang: Lang): void;
  registerCell(segmentId: string, lang: Lang, element: HTMLTextAreaElement | null): void;
  onInsertAfter(segment: Segment): void;
  onSplit(segment: Segment): void;
  onMerge(segment: Segment): void;
  onMove(segment: Segment, toIndex: number): void;
  onDelete(segment: Segment, label: string): void;
}

export function SegmentRow(props: SegmentRowProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const { segment, index, count, label, columns, sourceLang, drafts, nextKind } = props;
  const splittable = SPLITTABLE_KINDS.includes(segment.kind);
  const canSplit = splittable && props.canSplit;
  const rowId = useId();
  // Cells whose "what changed in the source" panel is open.
  const [changesOpen, setChangesOpen] = useState<ReadonlySet<Lang>>(new Set());
  const toggleChanges = (lang: Lang): void =>
    setChangesOpen((open) => {
      const next = new Set(open);
      if (!next.delete(lang)) next.add(lang);
      return next;
    });

  const actions: {
    icon: IconName;
    label: string;
    disabled?: boolean;
    title?: string;
    run: () => void;
    testId: string;
  }[] = [
    {
      icon: 'plus',
      label: t('action.insertParagraph'),
      run: () => props.onInsertAfter(segment),
      testId: 'insert',
    },
    {
      icon: 'split',
      label: t('action.split'),
      disabled: !canSplit,
      title: canSplit || !splittable ? t('action.split') : t('editor.splitNeedsCursor'),
      run: () => props.onSplit(segment),
      testId: 'split',
    },
    {
      icon: 'merge',
      label: t('action.merge'),
      disabled: !splittable || nextKind === null || !SPLITTABLE_KINDS.includes(nextKind),
      run: () => props.onMerge(segment),
      testId: 'merge',
    },
    {
      icon: 'up',
      label: t('action.moveUp'),
      disabled: index === 0,
      run: () => props.onMove(segment, index - 1),
      testId: 'up',
    },
    {
      icon: 'down',
      label: t('action.moveDown'),
      disabled: index >= count - 1,
      run: () => props.onMove(segment, index + 1),
      testId: 'down',
    },
    { icon: 'trash', label: t('action.delete'), run: () => props.onDelete(segment, label), testId: 'delete' },
  ];

  return (
    <div
      className="segment-row"
      role="group"
      aria-label={label}
      data-segment-id={segment.id}
      data-kind={segment.kind}
    >
      <div className="segment-label">
        <span>{label}</span>
      </div>
      {columns.map((lang) => {
        const version = segment.versions[lang];
        const draft = drafts[lang];
        const text = draft ?? version.text;
        const languageName = t(`languages.${lang}`);
        const cellLabel = t('editor.cellLabel', { segment: label, language: languageName });
        const changed = version.changedAt
          ? version.changedBy
            ? t('editor.changedBy', {
                name: isolate(version.changedBy),
                time: format.dateTime(version.changedAt),
              })
            : t('editor.changedAt', { time: format.dateTime(version.changedAt) })
          : t('editor.notChanged');
        // Derived from the stored texts: the source changed after this translation was last set.
        // The word diff is computed only while its panel is open.
        const stale = needsUpdate(segment, lang, sourceLang);
        const changes = stale && changesOpen.has(lang) ? sourceChanges(segment, lang, sourceLang) : null;
        const changesShown = changes !== null;
        const changesId = `${rowId}-changes-${lang}`;
        const sourceName = t(`languages.${sourceLang}`);
        return (
          <div
            key={lang}
            className={lang === sourceLang ? 'cell source' : 'cell'}
            data-lang={lang}
            data-status={version.status}
            data-needs-update={stale ? 'true' : undefined}
          >
            {/* lang/dir come from the column's language, never from the text: an Arabic headline that
                starts with "iPhone 15" is still right-to-left. */}
            <textarea
              ref={(element) => props.registerCell(segment.id, lang, element)}
              lang={lang}
              dir={directionOf(lang)}
              style={{ fontFamily: contentFontFamily(lang) }}
              value={text}
              aria-label={cellLabel}
              placeholder={t('editor.placeholder')}
              spellCheck
              data-segment-id={segment.id}
              data-lang={lang}
              onChange={(event) => props.onText(segment, lang, event.target.value)}
              onFocus={() => props.onFocusCell(segment, lang)}
              onBlur={() => props.onBlurCell()}
            />
            {changes !== null ? (
              <div
                className="source-changes"
                id={changesId}
                role="region"
                aria-label={t('needsUpdate.changesHeading', { source: sourceName })}
                data-testid="source-changes"
              >
                <p className="source-changes-heading">
                  {t('needsUpdate.changesHeading', { source: sourceName })}
                </p>
                <p
                  className="source-diff"
                  lang={sourceLang}
                  dir={directionOf(sourceLang)}
                  style={{ fontFamily: contentFontFamily(sourceLang) }}
                >
                  <SourceDiff parts={changes} />
                </p>
                <button
                  type="button"
                  className="button small"
                  title={t('needsUpdate.markUpToDateHint')}
                  onClick={() => props.onStatus(segment, lang, version.status)}
                  data-testid="mark-up-to-date"
                >
                  {t('needsUpdate.markUpToDate')}
                </button>
              </div>
            ) : null}
            <div className="cell-footer">
              {stale ? (
                <button
                  type="button"
                  className="chip needs-update-chip"
                  aria-expanded={changesShown}
                  aria-controls={changesShown ? changesId : undefined}
                  title={t('needsUpdate.chipHint', { source: sourceName })}
                  onClick={() => toggleChanges(lang)}
                  data-testid="cell-needs-update"
                >
                  <Icon name="retry" />
                  {t('status.needsUpdate')}
                </button>
              ) : null}
              {props.conflictLangs?.includes(lang) ? (
                <button
                  type="button"
                  className="chip status-conflict conflict-mark"
                  onClick={() => props.onOpenConflicts?.()}
                  data-testid="cell-conflict"
                >
                  {t('conflict.label')}
                </button>
              ) : null}
              <label className={`status-select status-${version.status}`}>
                <span className="visually-hidden">
                  {t('editor.statusLabel', { segment: label, language: languageName })}
                </span>
                <select
                  value={version.status}
                  onChange={(event) => props.onStatus(segment, lang, event.target.value as Status)}
                  data-testid="status-select"
                >
                  {STATUSES.map((status) => (
                    <option key={status} value={status}>
                      {t(`status.${status}`)}
                    </option>
                  ))}
                </select>
              </label>
              {draft !== undefined && draft !== version.text ? (
                <span
                  className="unsaved-dot"
                  title={t('editor.unsavedChanges')}
                  aria-label={t('editor.unsavedChanges')}
                  role="img"
                />
              ) : null}
              <span className="changed-by">{changed}</span>
            </div>
          </div>
        );
      })}
      <div className="segment-actions" role="toolbar" aria-label={t('editor.segmentActions')}>
        {actions.map((action) => (
          <button
            key={action.testId}
            type="button"
            className="icon-button"
            aria-label={action.label}
            title={action.title ?? action.label}
            disabled={action.disabled}
            onMouseDown={(event) => event.preventDefault() /* keep the caret where it is for "split" */}
            onClick={action.run}
            data-action={action.testId}
          >
            <Icon name={action.icon} />
          </button>
        ))}
      </div>
    </div>
  );
}

/** The source's changes word by word: struck-through removals and underlined additions, named for screen readers. */
function SourceDiff({ parts }: { parts: readonly DiffPart[] }) {
  const { t } = useTranslation();
  const uiLang = currentUiLanguage();
  return parts.map((part, index) => {
    if (part.kind === 'same') return <span key={index}>{part.text}</span>;
    const Tag = part.kind === 'removed' ? 'del' : 'ins';
    return (
      <Tag key={index}>
        <span className="visually-hidden" lang={uiLang}>
          {t(part.kind === 'removed' ? 'needsUpdate.removed' : 'needsUpdate.added')}
        </span>
        {part.text}
      </Tag>
    );
  });
}
