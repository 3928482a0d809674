import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArticleSummary } from '../../../../electron/core/contract';
import { useApp } from '../../api/context.ts';
import { Icon } from '../../components/Icon.tsx';
import { currentUiLanguage } from '../../i18n/i18n.ts';
import { contentFontFamily, directionOf } from '../../i18n/languages.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { displayHeadline } from './headline.ts';

/** The articles in the trash; Restore brings one back to the library (on every device that syncs). */
export function TrashView() {
  const { t } = useTranslation();
  const format = useFormat();
  const { client, reportError, sync } = useApp();
  const uiLang = currentUiLanguage();
  const [articles, setArticles] = useState<ArticleSummary[] | null>(null);
  const [restored, setRestored] = useState(false);
  const dataVersion = sync.dataVersion;

  const load = useCallback(async () => {
    const result = await client.invoke('trash.list', {});
    if (result.ok) setArticles(result.value.articles);
    else reportError(result.error);
  }, [client, reportError]);

  useEffect(() => {
    void load();
  }, [load, dataVersion]);

  async function restore(id: string) {
    const result = await client.invoke('articles.restore', { id });
    if (!result.ok) {
      reportError(result.error);
      return;
    }
    setRestored(true);
    await load();
  }

  return (
    <section className="trash-view" aria-labelledby="trash-title" data-testid="trash-view">
      <h1 id="trash-title">{t('nav.trash')}</h1>
      <p className="muted">{t('trash.intro')}</p>
      <p className="status-line" role="status" data-testid="trash-status">
        {restored ? t('trash.restored') : ''}
      </p>
      {articles === null ? (
        <p className="muted">{t('app.loading')}</p>
      ) : articles.length === 0 ? (
        <p className="muted">{t('trash.empty')}</p>
      ) : (
        <table className="simple-table" data-testid="trash-table">
          <thead>
            <tr>
              <th scope="col">{t('library.headline')}</th>
              <th scope="col">{t('library.desk')}</th>
              <th scope="col">{t('library.lastChange')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('action.restore')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {articles.map((article) => {
              const headline = displayHeadline(article, uiLang);
              return (
                <tr key={article.id} data-article-id={article.id}>
                  <th scope="row">
                    {headline ? (
                      <span
                        lang={headline.lang}
                        dir={directionOf(headline.lang)}
                        style={{ fontFamily: contentFontFamily(headline.lang) }}
                      >
                        {headline.text}
                      </span>
                    ) : (
                      t('library.untitled')
                    )}
                  </th>
                  <td>
                    <bdi>{article.desk}</bdi>
                  </td>
                  <td>{format.dateTime(article.updatedAt)}</td>
                  <td>
                    <button
                      type="button"
                      className="button"
                      onClick={() => void restore(article.id)}
                      data-testid="restore"
                    >
                      <Icon name="retry" />
                      {t('action.restore')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
