import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../../../../electron/core/contract';
import type { Lang } from '../../../../electron/core/contract';
import { useApp } from '../../api/context.ts';
import { useInvoke } from '../../api/useInvoke.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { contentFontFamily, directionOf } from '../../i18n/languages.ts';

export function NewArticleDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const invoke = useInvoke();
  const { navigate } = useApp();
  const [sourceLang, setSourceLang] = useState<Lang>('en');
  const [headline, setHeadline] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const article = await invoke('articles.create', {
      sourceLang,
      ...(headline.trim() ? { headline: headline.trim() } : {}),
    });
    setBusy(false);
    if (article) {
      onClose();
      navigate({ view: 'editor', articleId: article.id });
    }
  }

  return (
    <Dialog title={t('library.newArticleTitle')} onClose={onClose}>
      <form className="form" onSubmit={(event) => void submit(event)} data-testid="new-article-form">
        <label className="field">
          <span className="field-label">{t('editor.sourceLanguage')}</span>
          <select value={sourceLang} onChange={(event) => setSourceLang(event.target.value as Lang)}>
            {LANGUAGES.map((lang) => (
              <option key={lang} value={lang}>
                {t(`languages.${lang}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('library.newArticleHeadline')}</span>
          {/* The headline is content: its language and direction are the chosen source language's. */}
          <input
            type="text"
            value={headline}
            lang={sourceLang}
            dir={directionOf(sourceLang)}
            style={{ fontFamily: contentFontFamily(sourceLang) }}
            data-autofocus
            onChange={(event) => setHeadline(event.target.value)}
            data-testid="new-article-headline"
          />
        </label>
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('action.cancel')}
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            {t('library.create')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
