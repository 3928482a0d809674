// The editor's media section: the article's images in order, each with a thumbnail and, for every
// language shown in the editor, its caption and alt text (each field in its own language and
// direction). Images are added from a file picker, removed, and moved up or down. Texts save as
// the user pauses typing and when a field loses focus, like the segments.
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ALT_MAX_CHARS,
  CAPTION_MAX_CHARS,
  IMAGE_MAX_BYTES,
  IMAGE_MIME_TYPES,
} from '../../../../electron/core/contract';
import type { ApiError, Article, ArticleImage, Lang } from '../../../../electron/core/contract';
import { useApp } from '../../api/context.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { Icon } from '../../components/Icon.tsx';
import { contentFontFamily, directionOf } from '../../i18n/languages.ts';
import { isolate } from '../../i18n/useFormat.ts';
import { mediaUrl, readAsBase64 } from './mediaUrl.ts';
import './images.css';

type TextField = 'caption' | 'alt';
/** How long typing pauses before a caption or alt text is saved. */
const SAVE_DELAY_MS = 700;

interface ImagesSectionProps {
  article: Article;
  /** The languages shown in the editor, in column order. */
  columns: readonly Lang[];
  /** Takes the article a call returned (an updater, so an older answer never replaces a newer one). */
  onSaved: (update: (previous: Article | null) => Article | null) => void;
  /**
   * Registers each alt text field as the editor's cell (image id, language): a QA finding about a
   * missing alt text (whose segment id is the image's id) then focuses that field.
   */
  registerAltField?: (imageId: string, lang: Lang, element: HTMLTextAreaElement | null) => void;
}

type Notice = { kind: 'busy' | 'error'; text: string } | null;

const draftKey = (imageId: string, field: TextField, lang: Lang) => `${imageId}\u0000${field}\u0000${lang}`;

export function ImagesSection({ article, columns, onSaved, registerAltField }: ImagesSectionProps) {
  const { t } = useTranslation();
  const { client, reportError } = useApp();
  const headingId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [confirmRemove, setConfirmRemove] = useState<ArticleImage | null>(null);
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const images = article.images ?? [];
  const articleId = article.id;

  const take = useCallback(
    (next: Article) =>
      onSaved((previous) => (previous && previous.revision > next.revision ? previous : next)),
    [onSaved],
  );

  const saveText = useCallback(
    async (imageId: string, field: TextField, lang: Lang, text: string) => {
      const key = draftKey(imageId, field, lang);
      clearTimeout(timers.current.get(key));
      timers.current.delete(key);
      const result = await client.invoke('images.update', { articleId, imageId, [field]: { [lang]: text } });
      if (!result.ok) {
        reportError(result.error, () => void saveText(imageId, field, lang, text));
        return;
      }
      take(result.value);
      // Keep the draft if the user typed on while this was on its way.
      setDrafts((previous) => {
        if (previous[key] !== text) return previous;
        const rest = { ...previous };
        delete rest[key];
        return rest;
      });
    },
    [client, articleId, reportError, take],
  );

  // Texts still waiting when the editor closes are saved, not dropped.
  const pending = useRef(new Map<string, () => void>());
  useEffect(() => {
    const waiting = pending.current;
    const scheduled = timers.current;
    return () => {
      for (const timer of scheduled.values()) clearTimeout(timer);
      for (const save of waiting.values()) save();
    };
  }, []);

  function onType(image: ArticleImage, field: TextField, lang: Lang, text: string) {
    const key = draftKey(image.id, field, lang);
    setDrafts((previous) => ({ ...previous, [key]: text }));
    clearTimeout(timers.current.get(key));
    const save = () => {
      pending.current.delete(key);
      void saveText(image.id, field, lang, text);
    };
    pending.current.set(key, save);
    timers.current.set(key, setTimeout(save, SAVE_DELAY_MS));
  }

  function onBlur(image: ArticleImage, field: TextField, lang: Lang) {
    const key = draftKey(image.id, field, lang);
    const save = pending.current.get(key);
    if (save) save();
  }

  async function addFiles(files: FileList | null) {
    for (const file of Array.from(files ?? [])) {
      if (file.size > IMAGE_MAX_BYTES) {
        setNotice({
          kind: 'error',
          text: t('images.tooLarge', {
            name: isolate(file.name),
            size: Math.round((file.size / 1048576) * 10) / 10,
            max: IMAGE_MAX_BYTES / 1048576,
          }),
        });
        continue;
      }
      if (file.type !== '' && !(IMAGE_MIME_TYPES as readonly string[]).includes(file.type)) {
        setNotice({ kind: 'error', text: t('images.notAnImage', { name: isolate(file.name) }) });
        continue;
      }
      setNotice({ kind: 'busy', text: t('images.adding', { name: isolate(file.name) }) });
      let dataBase64: string;
      try {
        dataBase64 = await readAsBase64(file);
      } catch {
        setNotice({ kind: 'error', text: t('images.unreadable', { name: isolate(file.name) }) });
        continue;
      }
      const result = await client.invoke('images.add', { articleId, name: file.name, dataBase64 });
      if (!result.ok) {
        // The host judges the file by its bytes: a renamed document is refused here.
        if (result.error.code === 'invalid-input')
          setNotice({ kind: 'error', text: t('images.notAnImage', { name: isolate(file.name) }) });
        else {
          setNotice(null);
          reportError(result.error);
        }
        continue;
      }
      take(result.value);
      setNotice(null);
    }
    if (fileInput.current) fileInput.current.value = '';
  }

  async function structural(
    call: () => Promise<{ ok: true; value: Article } | { ok: false; error: ApiError }>,
  ) {
    const result = await call();
    if (result.ok) take(result.value);
    else reportError(result.error);
  }

  function move(image: ArticleImage, toIndex: number) {
    void structural(() => client.invoke('images.move', { articleId, imageId: image.id, toIndex }));
  }

  function remove(image: ArticleImage) {
    setConfirmRemove(null);
    void structural(() => client.invoke('images.remove', { articleId, imageId: image.id }));
  }

  const textValue = (image: ArticleImage, field: TextField, lang: Lang) =>
    drafts[draftKey(image.id, field, lang)] ?? image[field][lang];

  return (
    <section className="images-section" aria-labelledby={headingId} data-testid="images-section">
      <div className="images-head">
        <h2 id={headingId} className="images-title">
          {t('images.title')}
        </h2>
        <span className="muted">{t('images.count', { count: images.length })}</span>
        <button
          type="button"
          className="button"
          onClick={() => fileInput.current?.click()}
          data-testid="image-add"
        >
          <Icon name="plus" />
          {t('images.add')}
        </button>
        <input
          ref={fileInput}
          type="file"
          className="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          accept={IMAGE_MIME_TYPES.join(',')}
          multiple
          onChange={(event) => void addFiles(event.target.files)}
          data-testid="image-file"
        />
      </div>
      <p className="field-hint">{t('images.hint', { max: IMAGE_MAX_BYTES / 1048576 })}</p>
      <p
        className={notice?.kind === 'error' ? 'images-notice field-error' : 'images-notice muted'}
        role={notice?.kind === 'error' ? 'alert' : 'status'}
        data-testid="image-notice"
      >
        {notice?.text ?? ''}
      </p>
      {images.length === 0 ? (
        <p className="muted">{t('images.none')}</p>
      ) : (
        <ol className="image-list">
          {images.map((image, index) => (
            <li key={image.id} className="image-item" data-testid="image-item" data-image-id={image.id}>
              <Thumbnail image={image} />
              <div className="image-info">
                <p className="image-name">
                  <bdi>{image.name}</bdi>
                </p>
                {/* Separate items, not "a · b": a middle dot reads as the Arabic-Indic zero. */}
                <ul className="muted image-facts">
                  <li>{t('images.position', { n: index + 1, total: images.length })}</li>
                  {image.width !== null && image.height !== null ? (
                    <li>{t('images.pixels', { width: image.width, height: image.height })}</li>
                  ) : null}
                  <li>{t('images.kilobytes', { size: Math.max(1, Math.round(image.bytes / 1024)) })}</li>
                </ul>
                <div className="image-actions">
                  <button
                    type="button"
                    className="button ghost"
                    disabled={index === 0}
                    onClick={() => move(image, index - 1)}
                    aria-label={t('images.moveUp', { name: isolate(image.name) })}
                    data-testid="image-up"
                  >
                    <Icon name="up" />
                  </button>
                  <button
                    type="button"
                    className="button ghost"
                    disabled={index === images.length - 1}
                    onClick={() => move(image, index + 1)}
                    aria-label={t('images.moveDown', { name: isolate(image.name) })}
                    data-testid="image-down"
                  >
                    <Icon name="down" />
                  </button>
                  <button
                    type="button"
                    className="button ghost"
                    onClick={() => setConfirmRemove(image)}
                    data-testid="image-remove"
                  >
                    <Icon name="trash" />
                    {t('images.remove')}
                  </button>
                </div>
              </div>
              <div className="image-texts">
                {columns.map((lang) => (
                  <fieldset key={lang} className="image-lang" data-lang={lang}>
                    <legend>{t(`languages.${lang}`)}</legend>
                    {(['caption', 'alt'] as const).map((field) => (
                      <label key={field} className="field">
                        <span className="field-label">
                          {t(field === 'caption' ? 'images.caption' : 'images.alt')}
                        </span>
                        <textarea
                          rows={field === 'caption' ? 2 : 1}
                          lang={lang}
                          dir={directionOf(lang)}
                          style={{ fontFamily: contentFontFamily(lang) }}
                          maxLength={field === 'caption' ? CAPTION_MAX_CHARS : ALT_MAX_CHARS}
                          value={textValue(image, field, lang)}
                          onChange={(event) => onType(image, field, lang, event.target.value)}
                          onBlur={() => onBlur(image, field, lang)}
                          ref={
                            field === 'alt' && registerAltField
                              ? (element) => registerAltField(image.id, lang, element)
                              : undefined
                          }
                          data-testid={`image-${field}-${lang}`}
                        />
                      </label>
                    ))}
                    {textValue(image, 'alt', lang).trim() === '' ? (
                      <span className="field-hint">{t('images.altMissing')}</span>
                    ) : null}
                  </fieldset>
                ))}
              </div>
            </li>
          ))}
        </ol>
      )}
      {confirmRemove ? (
        <Dialog title={t('images.removeTitle')} onClose={() => setConfirmRemove(null)} className="confirm">
          <p>{t('images.removeQuestion', { name: isolate(confirmRemove.name) })}</p>
          <div className="form-actions">
            <button type="button" className="button" onClick={() => setConfirmRemove(null)}>
              {t('action.cancel')}
            </button>
            <button
              type="button"
              className="button danger"
              onClick={() => remove(confirmRemove)}
              data-testid="image-remove-confirm"
            >
              {t('images.remove')}
            </button>
          </div>
        </Dialog>
      ) : null}
    </section>
  );
}

/** The image as stored in the library; a note instead when its file has not arrived (sync). */
function Thumbnail({ image }: { image: ArticleImage }) {
  const { t } = useTranslation();
  const [missing, setMissing] = useState(false);
  if (missing) {
    return (
      <div className="image-thumb image-thumb-missing" data-testid="image-missing">
        {t('images.fileMissing')}
      </div>
    );
  }
  return (
    <img
      className="image-thumb"
      src={mediaUrl(image.sha256)}
      // The texts beside it describe it; the thumbnail names the file.
      alt={t('images.thumbnail', { name: image.name })}
      width={image.width ?? undefined}
      height={image.height ?? undefined}
      onError={() => setMissing(true)}
      data-testid="image-thumb"
    />
  );
}
