import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConflictVersion, SegmentConflict } from '../../../../electron/core/contract';
import { useApp } from '../../api/context.ts';
import { Icon } from '../../components/Icon.tsx';
import { contentFontFamily, directionOf } from '../../i18n/languages.ts';
import { useFormat } from '../../i18n/useFormat.ts';

function conflictKey(conflict: SegmentConflict): string {
  return `${conflict.articleId}\u0000${conflict.segmentId}\u0000${conflict.lang}`;
}

/** Every open conflict, each with its versions side by side: keep one, or merge them into a new text. */
export function ConflictsView() {
  const { t } = useTranslation();
  const { client, reportError, sync } = useApp();
  const [conflicts, setConflicts] = useState<SegmentConflict[] | null>(null);
  const [resolvedCount, setResolvedCount] = useState(0);
  const { dataVersion, refresh } = sync;

  const load = useCallback(async () => {
    const result = await client.invoke('conflicts.list', {});
    if (result.ok) setConflicts(result.value.conflicts);
    else reportError(result.error);
  }, [client, reportError]);

  useEffect(() => {
    void load();
  }, [load, dataVersion]);

  const resolve = useCallback(
    async (conflict: SegmentConflict, choice: { keep: string } | { text: string }) => {
      const result = await client.invoke('conflicts.resolve', {
        articleId: conflict.articleId,
        segmentId: conflict.segmentId,
        lang: conflict.lang,
        ...choice,
      });
      if (!result.ok) {
        reportError(result.error);
        return;
      }
      setResolvedCount((n) => n + 1);
      await Promise.all([load(), refresh()]);
    },
    [client, reportError, load, refresh],
  );

  return (
    <section className="conflicts-view" aria-labelledby="conflicts-title" data-testid="conflicts-view">
      <h1 id="conflicts-title">{t('conflict.title')}</h1>
      <p className="muted">{t('conflict.intro')}</p>
      <p className="status-line" role="status" data-testid="conflicts-status">
        {resolvedCount > 0 ? t('conflict.resolved') : ''}{' '}
        {conflicts ? t('sync.conflictCount', { count: conflicts.length }) : ''}
      </p>
      {conflicts && conflicts.length > 0 ? (
        <ul className="conflict-list">
          {conflicts.map((conflict) => (
            <ConflictCard
              key={conflictKey(conflict)}
              conflict={conflict}
              myDevice={sync.status?.device ?? null}
              onResolve={(choice) => resolve(conflict, choice)}
            />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function ConflictCard({
  conflict,
  myDevice,
  onResolve,
}: {
  conflict: SegmentConflict;
  myDevice: string | null;
  onResolve: (choice: { keep: string } | { text: string }) => Promise<void>;
}) {
  const { t } = useTranslation();
  const { navigate } = useApp();
  const [merging, setMerging] = useState(false);
  const [merged, setMerged] = useState(
    () => (conflict.versions.find((v) => v.shown) ?? conflict.versions[0])?.text ?? '',
  );
  const [busy, setBusy] = useState(false);
  const dir = directionOf(conflict.lang);
  const font = contentFontFamily(conflict.lang);

  const run = async (choice: { keep: string } | { text: string }) => {
    setBusy(true);
    await onResolve(choice);
    setBusy(false);
  };

  return (
    <li
      className="conflict-card"
      data-testid="conflict"
      data-article-id={conflict.articleId}
      data-segment-id={conflict.segmentId}
      data-lang={conflict.lang}
    >
      <div className="conflict-head">
        <h2 className="conflict-headline">
          <bdi dir="auto">{conflict.headline || t('library.untitled')}</bdi>
        </h2>
        <p className="conflict-where">
          <span className="chip status-conflict">{t('conflict.label')}</span>{' '}
          <span>{t(`article.${conflict.segmentKind}`)}</span>{' '}
          <span className="chip">{t(`languages.${conflict.lang}`)}</span>{' '}
          <a
            href={`#/article/${encodeURIComponent(conflict.articleId)}/${encodeURIComponent(conflict.segmentId)}/${conflict.lang}`}
            onClick={(event) => {
              event.preventDefault();
              navigate({
                view: 'editor',
                articleId: conflict.articleId,
                focus: { segmentId: conflict.segmentId, lang: conflict.lang },
              });
            }}
          >
            {t('conflict.openSegment')}
          </a>
        </p>
      </div>
      <ol className="conflict-versions">
        {conflict.versions.map((version, index) => (
          <VersionCard
            key={version.id}
            version={version}
            number={index + 1}
            mine={myDevice !== null && version.device === myDevice}
            lang={conflict.lang}
            dir={dir}
            font={font}
            busy={busy}
            onKeep={() => void run({ keep: version.id })}
          />
        ))}
      </ol>
      <div className="conflict-merge">
        {merging ? (
          <>
            <label className="field">
              <span className="field-label">{t('conflict.mergedText')}</span>
              <textarea
                value={merged}
                lang={conflict.lang}
                dir={dir}
                style={{ fontFamily: font }}
                rows={4}
                onChange={(event) => setMerged(event.target.value)}
                data-testid="merge-text"
              />
            </label>
            <div className="form-actions">
              <button type="button" className="button" onClick={() => setMerging(false)}>
                {t('action.cancel')}
              </button>
              <button
                type="button"
                className="button primary"
                disabled={busy}
                onClick={() => void run({ text: merged })}
                data-testid="merge-resolve"
              >
                <Icon name="check" />
                {t('conflict.resolve')}
              </button>
            </div>
          </>
        ) : (
          <button type="button" className="button" onClick={() => setMerging(true)} data-testid="merge">
            <Icon name="merge" />
            {t('conflict.merge')}
          </button>
        )}
      </div>
    </li>
  );
}

function VersionCard({
  version,
  number,
  mine,
  lang,
  dir,
  font,
  busy,
  onKeep,
}: {
  version: ConflictVersion;
  number: number;
  mine: boolean;
  lang: SegmentConflict['lang'];
  dir: 'ltr' | 'rtl';
  font: string | undefined;
  busy: boolean;
  onKeep: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <li className="conflict-version" data-testid="conflict-version" data-mine={mine || undefined}>
      <h3 className="conflict-version-title">
        {t('conflict.version', { number })}
        {version.shown ? <span className="chip">{t('conflict.shown')}</span> : null}
      </h3>
      <dl className="conflict-meta">
        <dt>{t('sync.device')}</dt>
        <dd>
          <bdi>{version.deviceName || version.device}</bdi>
        </dd>
        <dt>{t('conflict.changedBy')}</dt>
        <dd>
          <bdi>{version.author ?? t('conflict.unknown')}</bdi>
        </dd>
        <dt>{t('conflict.changedAt')}</dt>
        <dd>{version.changedAt ? format.dateTime(version.changedAt) : t('conflict.unknown')}</dd>
      </dl>
      <p
        className="conflict-text"
        lang={lang}
        dir={dir}
        style={{ fontFamily: font }}
        data-testid="conflict-text"
      >
        {version.text}
      </p>
      <button
        type="button"
        className="button"
        disabled={busy}
        onClick={onKeep}
        data-testid={mine ? 'keep-mine' : 'keep-theirs'}
      >
        <Icon name="check" />
        {mine ? t('conflict.keepMine') : t('conflict.keepTheirs')}
      </button>
    </li>
  );
}
