import { Fragment, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ChangeEvent, DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../../../../electron/core/contract';
import type { ArticleList, ArticleSummary, Lang, QaFinding } from '../../../../electron/core/contract';
import { useApp } from '../../api/context.ts';
import { useInvoke } from '../../api/useInvoke.ts';
import { Icon } from '../../components/Icon.tsx';
import { currentUiLanguage } from '../../i18n/i18n.ts';
import { contentFontFamily, directionOf } from '../../i18n/languages.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { ExportDialog } from '../export/ExportDialog.tsx';
import { defaultEditionDate } from '../export/prefs.ts';
import { displayHeadline, translatedCount } from './headline.ts';
import { NewArticleDialog } from './NewArticleDialog.tsx';

const IMPORT_EXTENSIONS = ['.txt', '.md', '.markdown', '.json'];
const IMPORT_ACCEPT = IMPORT_EXTENSIONS.join(',');

function isImportable(file: File): boolean {
  const name = file.name.toLowerCase();
  return IMPORT_EXTENSIONS.some((extension) => name.endsWith(extension));
}

function carriesFiles(event: DragEvent<HTMLElement>): boolean {
  return [...event.dataTransfer.types].includes('Files');
}
/** Rows rendered at first: a desk with 10,000 articles still opens at once; filters narrow the rest. */
const PAGE_SIZE = 100;

export function LibraryView() {
  const { t } = useTranslation();
  const format = useFormat();
  const invoke = useInvoke();
  const { navigate, client, reportError, sync } = useApp();
  const dataVersion = sync.dataVersion;
  const uiLang = currentUiLanguage();
  const [list, setList] = useState<ArticleList | null>(null);
  const [desk, setDesk] = useState('');
  const [query, setQuery] = useState('');
  const [shown, setShown] = useState(PAGE_SIZE);
  const [importing, setImporting] = useState(false);
  const [importedCount, setImportedCount] = useState<number | null>(null);
  const [refused, setRefused] = useState<string[]>([]);
  const [dragging, setDragging] = useState(false);
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [exporting, setExporting] = useState<'selected' | 'edition' | null>(null);
  const filterId = useId();

  const [loadFailed, setLoadFailed] = useState(false);
  const load = useCallback(async () => {
    const result = await client.invoke('articles.list', {});
    if (result.ok) {
      setList(result.value);
      setLoadFailed(false);
    } else {
      setLoadFailed(true);
      reportError(result.error);
    }
  }, [client, reportError]);

  // Reloaded when a sync round changed articles.
  useEffect(() => {
    void load();
  }, [load, dataVersion]);

  const desks = useMemo(
    () =>
      [...new Set((list?.articles ?? []).map((article) => article.desk).filter(Boolean))].sort((a, b) =>
        a.localeCompare(b),
      ),
    [list],
  );

  const rows = useMemo(() => {
    const needle = query.trim().toLocaleLowerCase();
    return (list?.articles ?? [])
      .filter((article) => !desk || article.desk === desk)
      .filter(
        (article) =>
          !needle || LANGUAGES.some((lang) => article.headline[lang].toLocaleLowerCase().includes(needle)),
      )
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }, [list, desk, query]);

  // Selection survives filtering (a desk editor may pick across desks) but not an article's deletion.
  const selectedIds = useMemo(
    () => (list?.articles ?? []).filter((a) => selected.has(a.id)).map((a) => a.id),
    [list, selected],
  );
  const visible = useMemo(() => rows.slice(0, shown), [rows, shown]);
  const allVisibleSelected = visible.length > 0 && visible.every((a) => selected.has(a.id));
  const someVisibleSelected = visible.some((a) => selected.has(a.id));

  const setSelection = useCallback((ids: readonly string[], on: boolean) => {
    setSelected((previous) => {
      const next = new Set(previous);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }, []);

  const byId = useMemo(() => new Map((list?.articles ?? []).map((a) => [a.id, a])), [list]);
  const headlineOf = useCallback(
    (id: string) => {
      const article = byId.get(id);
      return article ? displayHeadline(article, uiLang) : null;
    },
    [byId, uiLang],
  );

  const openFinding = useCallback(
    (finding: QaFinding) => {
      setExporting(null);
      navigate({
        view: 'editor',
        articleId: finding.articleId,
        focus: { segmentId: finding.segmentId, lang: finding.lang },
      });
    },
    [navigate],
  );

  /** The one import path: the Import button and a drop on the library both end here. */
  async function importFiles(files: readonly File[]) {
    if (files.length === 0) return;
    setImporting(true);
    setImportedCount(null);
    try {
      const contents = await Promise.all(
        files.map(async (file) => ({ name: file.name, content: await file.text() })),
      );
      const result = await invoke('articles.import', { files: contents });
      if (result) setImportedCount(result.ids.length);
      await load();
    } finally {
      setImporting(false);
    }
  }

  async function onFiles(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const files = [...(input.files ?? [])];
    setRefused([]);
    try {
      await importFiles(files);
    } finally {
      input.value = ''; // choosing the same file again must import it again
    }
  }

  function onDragOver(event: DragEvent<HTMLDivElement>) {
    if (!carriesFiles(event)) return;
    event.preventDefault(); // a file dropped beside the zone must not open in the window
    event.dataTransfer.dropEffect = importing ? 'none' : 'copy';
    if (!importing && !dragging) setDragging(true);
  }

  function onDragLeave(event: DragEvent<HTMLDivElement>) {
    const next = event.relatedTarget;
    if (next instanceof Node && event.currentTarget.contains(next)) return;
    setDragging(false);
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    setDragging(false);
    if (importing) return;
    const files = [...event.dataTransfer.files];
    setRefused(files.filter((file) => !isImportable(file)).map((file) => file.name));
    const accepted = files.filter(isImportable);
    if (accepted.length > 0) void importFiles(accepted);
    else setImportedCount(null);
  }

  return (
    <div
      className={dragging ? 'library dragging' : 'library'}
      onDragEnter={onDragOver}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
      data-testid="library-view"
    >
      {dragging ? (
        <div className="drop-zone" aria-hidden="true" data-testid="drop-zone">
          <Icon name="import" />
          <span>{t('library.dropHint')}</span>
        </div>
      ) : null}
      <aside className="sidebar" aria-labelledby={filterId}>
        <h2 id={filterId} className="sidebar-title">
          {t('common.filter')}
        </h2>
        <label className="field">
          <span className="field-label">{t('library.filterByDesk')}</span>
          <select
            value={desk}
            onChange={(event) => {
              setDesk(event.target.value);
              setShown(PAGE_SIZE);
            }}
            data-testid="desk-filter"
          >
            <option value="">{t('library.allDesks')}</option>
            {desks.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('library.filterByHeadline')}</span>
          <input
            type="search"
            value={query}
            dir="auto"
            placeholder={t('library.filterPlaceholder')}
            onChange={(event) => {
              setQuery(event.target.value);
              setShown(PAGE_SIZE);
            }}
            data-testid="headline-filter"
          />
        </label>
        <p className="article-count" aria-live="polite" data-testid="article-count">
          {list ? t('library.articleCount', { count: rows.length }) : ''}
        </p>
        <h2 className="sidebar-title">{t('article.status')}</h2>
        <a
          href="#/conflicts"
          className="sidebar-link"
          onClick={(event) => {
            event.preventDefault();
            navigate({ view: 'conflicts' });
          }}
          data-testid="conflicts-link"
        >
          <span>{t('conflict.title')}</span>
          <span className="count-badge" data-testid="conflicts-count">
            {format.number(sync.status?.conflicts ?? 0)}
          </span>
        </a>
        <a
          href="#/trash"
          className="sidebar-link"
          onClick={(event) => {
            event.preventDefault();
            navigate({ view: 'trash' });
          }}
          data-testid="trash-link"
        >
          <span>{t('nav.trash')}</span>
        </a>
        <a
          href="#/progress"
          className="sidebar-link"
          onClick={(event) => {
            event.preventDefault();
            navigate({ view: 'progress' });
          }}
          data-testid="progress-link"
        >
          <span>{t('progress.title')}</span>
        </a>
        <a
          href="#/glossary"
          className="sidebar-link"
          onClick={(event) => {
            event.preventDefault();
            navigate({ view: 'glossary' });
          }}
          data-testid="glossary-link"
        >
          <span>{t('interchange.page.link')}</span>
        </a>
      </aside>

      <section className="library-main" aria-labelledby="library-title">
        <div className="toolbar">
          <h1 id="library-title">{t('library.title')}</h1>
          <div className="toolbar-actions" role="group" aria-label={t('library.actions')}>
            <label className="button file-button" title={t('library.importHint')}>
              <Icon name="import" />
              <span>{importing ? t('library.importing') : t('action.import')}</span>
              <input
                type="file"
                multiple
                accept={IMPORT_ACCEPT}
                className="visually-hidden"
                disabled={importing}
                onChange={(event) => void onFiles(event)}
                data-testid="import-input"
              />
            </label>
            <button type="button" className="button primary" onClick={() => setCreating(true)}>
              <Icon name="plus" />
              {t('action.newArticle')}
            </button>
            <button
              type="button"
              className="button"
              disabled={selectedIds.length === 0}
              onClick={() => setExporting('selected')}
              data-testid="export-selected"
            >
              <Icon name="export" />
              {t('action.exportSelected')}
            </button>
            <button
              type="button"
              className="button"
              disabled={!list || list.articles.length === 0}
              onClick={() => setExporting('edition')}
              data-testid="export-edition"
            >
              <Icon name="export" />
              {t('action.exportEdition')}
            </button>
          </div>
        </div>
        <div className="library-status">
          <p className="status-line" role="status" data-testid="import-status">
            {importedCount !== null ? t('library.importedCount', { count: importedCount }) : ''}
          </p>
          {refused.length > 0 ? (
            <p className="drop-refused" role="alert" data-testid="drop-refused">
              {t('library.dropRefused')}{' '}
              {refused.map((name, index) => (
                <Fragment key={`${index}:${name}`}>
                  {index > 0 ? (uiLang === 'en' ? ', ' : '، ') : null}
                  <bdi dir="ltr" className="file-name">
                    {name}
                  </bdi>
                </Fragment>
              ))}
            </p>
          ) : null}
          <p className="selection-line muted" aria-live="polite" data-testid="selected-count">
            {selectedIds.length > 0 ? t('library.selectedCount', { count: selectedIds.length }) : ''}
          </p>
        </div>

        {list === null ? (
          loadFailed ? (
            <div className="empty-state" data-testid="library-load-failed">
              <p>{t('library.loadFailed')}</p>
              <button type="button" className="button" onClick={() => void load()}>
                <Icon name="retry" />
                {t('action.retry')}
              </button>
            </div>
          ) : (
            <p className="muted">{t('app.loading')}</p>
          )
        ) : list.articles.length === 0 ? (
          <div className="empty-state">
            <p className="empty-title">{t('msg.nothingYet')}</p>
            <p>{t('library.empty')}</p>
          </div>
        ) : rows.length === 0 ? (
          <p className="muted">{t('library.noMatch')}</p>
        ) : (
          <div className="table-scroll">
            <table className="library-table" data-testid="library-table">
              <caption className="visually-hidden">{t('library.table')}</caption>
              <thead>
                <tr>
                  <th scope="col" className="select-col">
                    <SelectAll
                      checked={allVisibleSelected}
                      indeterminate={someVisibleSelected && !allVisibleSelected}
                      label={t('library.selectAll')}
                      onChange={(on) =>
                        setSelection(
                          visible.map((a) => a.id),
                          on,
                        )
                      }
                    />
                  </th>
                  <th scope="col">{t('library.headline')}</th>
                  <th scope="col">{t('library.desk')}</th>
                  <th scope="col">{t('library.edition')}</th>
                  <th scope="col">{t('library.lastChange')}</th>
                  {LANGUAGES.map((lang) => (
                    <th scope="col" key={lang} className="progress-col">
                      {t(`languages.${lang}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {visible.map((article) => (
                  <LibraryRow
                    key={article.id}
                    article={article}
                    uiLang={uiLang}
                    selected={selected.has(article.id)}
                    onSelect={(on) => setSelection([article.id], on)}
                    onOpen={() => navigate({ view: 'editor', articleId: article.id })}
                    format={format}
                  />
                ))}
              </tbody>
            </table>
            {rows.length > shown ? (
              <p className="show-more" data-testid="show-more">
                <span className="muted">{t('library.shownOf', { shown, total: rows.length })}</span>{' '}
                <button type="button" className="button" onClick={() => setShown((n) => n + PAGE_SIZE * 5)}>
                  {t('library.showMore')}
                </button>
              </p>
            ) : null}
          </div>
        )}

        {list && list.unreadable.length > 0 ? (
          <section className="unreadable" aria-labelledby="unreadable-title" data-testid="unreadable">
            <h2 id="unreadable-title">{t('status.unreadable')}</h2>
            <p>{t('library.unreadableIntro')}</p>
            <table className="simple-table">
              <thead>
                <tr>
                  <th scope="col">{t('library.unreadableFile')}</th>
                  <th scope="col">{t('library.unreadableReasonColumn')}</th>
                </tr>
              </thead>
              <tbody>
                {list.unreadable.map((entry) => (
                  <tr key={entry.file}>
                    <td>
                      <bdi dir="ltr" className="file-name">
                        {entry.file}
                      </bdi>
                    </td>
                    <td>
                      <span className="chip status-unreadable">{t('status.unreadable')}</span>{' '}
                      {t(`library.unreadableReason.${entry.code}`)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ) : null}
      </section>
      {creating ? <NewArticleDialog onClose={() => setCreating(false)} /> : null}
      {exporting === 'selected' ? (
        <ExportDialog
          title={t('action.export')}
          scope={{ kind: 'articles', ids: selectedIds }}
          headlineOf={headlineOf}
          onFinding={openFinding}
          onClose={() => setExporting(null)}
        />
      ) : null}
      {exporting === 'edition' && list ? (
        <ExportDialog
          title={t('action.exportEdition')}
          scope={{ kind: 'edition', articles: list.articles, initialDate: defaultEditionDate(list.articles) }}
          headlineOf={headlineOf}
          onFinding={openFinding}
          onClose={() => setExporting(null)}
        />
      ) : null}
    </div>
  );
}

function SelectAll({
  checked,
  indeterminate,
  label,
  onChange,
}: {
  checked: boolean;
  indeterminate: boolean;
  label: string;
  onChange: (on: boolean) => void;
}) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate;
  }, [indeterminate]);
  return (
    <input
      ref={ref}
      type="checkbox"
      checked={checked}
      aria-label={label}
      title={label}
      onChange={(event) => onChange(event.target.checked)}
      data-testid="select-all"
    />
  );
}

function LibraryRow({
  article,
  uiLang,
  selected,
  onSelect,
  onOpen,
  format,
}: {
  article: ArticleSummary;
  uiLang: Lang;
  selected: boolean;
  onSelect: (on: boolean) => void;
  onOpen: () => void;
  format: ReturnType<typeof useFormat>;
}) {
  const { t } = useTranslation();
  const headline = displayHeadline(article, uiLang);
  return (
    <tr data-article-id={article.id} className={selected ? 'selected' : undefined}>
      <td className="select-col">
        <input
          type="checkbox"
          checked={selected}
          aria-label={t('library.select', { headline: headline?.text ?? t('library.untitled') })}
          onChange={(event) => onSelect(event.target.checked)}
          data-testid="select-article"
        />
      </td>
      <th scope="row" className="headline-cell">
        <a
          href={`#/article/${encodeURIComponent(article.id)}`}
          onClick={(event) => {
            event.preventDefault();
            onOpen();
          }}
        >
          {headline ? (
            <span
              lang={headline.lang}
              dir={directionOf(headline.lang)}
              style={{ fontFamily: contentFontFamily(headline.lang) }}
              className="headline-text"
            >
              {headline.text}
            </span>
          ) : (
            <span className="muted">{t('library.untitled')}</span>
          )}
        </a>
      </th>
      <td className="nowrap">
        {article.desk ? <bdi>{article.desk}</bdi> : <span className="muted">{t('library.noDesk')}</span>}
      </td>
      <td className="nowrap">
        {article.editionDate ? (
          format.date(article.editionDate)
        ) : (
          <span className="muted">{t('library.noDate')}</span>
        )}
      </td>
      <td className="nowrap">
        <time dateTime={article.updatedAt}>{format.dateTime(article.updatedAt)}</time>
        {article.updatedBy ? (
          <span className="muted small block">
            <bdi>{article.updatedBy}</bdi>
          </span>
        ) : null}
      </td>
      {LANGUAGES.map((lang) => (
        <td key={lang} className="progress-col" data-lang={lang}>
          <Progress article={article} lang={lang} />
        </td>
      ))}
    </tr>
  );
}

function Progress({ article, lang }: { article: ArticleSummary; lang: Lang }) {
  const { t } = useTranslation();
  const progress = article.progress[lang];
  const done = translatedCount(progress);
  const total = progress.total;
  const ratio = total > 0 ? done / total : 0;
  const label = t('library.progressCell', { done, total });
  return (
    <div className="progress" data-testid={`progress-${lang}`}>
      <div className="bar" aria-hidden="true">
        <div
          className={ratio >= 1 ? 'bar-fill complete' : 'bar-fill'}
          style={{ inlineSize: `${Math.round(ratio * 100)}%` }}
        />
      </div>
      <span className="progress-text">
        {label}
        {article.sourceLang === lang ? (
          <span className="source-tag">{t('library.sourceLanguage')}</span>
        ) : null}
      </span>
      {progress.needsUpdate > 0 ? (
        <span className="chip needs-update-chip" data-testid={`needs-update-${lang}`}>
          {t('needsUpdate.count', { count: progress.needsUpdate })}
        </span>
      ) : null}
    </div>
  );
}
