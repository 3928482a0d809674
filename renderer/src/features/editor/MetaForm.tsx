import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Article, MetaPatch } from '../../../../electron/core/contract';
import { useFormat } from '../../i18n/useFormat.ts';

type Field = 'desk' | 'editionDate' | 'byline' | 'tags' | 'slug';

interface MetaFormProps {
  article: Article;
  /** Debounced by the caller's save queue; `immediate` flushes (on blur). */
  onChange: (field: Field, patch: MetaPatch, immediate: boolean) => void;
}

/** Tags are typed comma-separated; Arabic-script keyboards type the Arabic comma, so accept both. */
export function parseTags(value: string): string[] {
  return [
    ...new Set(
      value
        .split(/[,،]/)
        .map((tag) => tag.trim())
        .filter(Boolean),
    ),
  ];
}

function initialValues(article: Article): Record<Field, string> {
  return {
    desk: article.meta.desk,
    editionDate: article.meta.editionDate ?? '',
    byline: article.meta.byline,
    tags: article.meta.tags.join(', '),
    slug: article.meta.slug,
  };
}

function toPatch(field: Field, value: string): MetaPatch {
  switch (field) {
    case 'editionDate':
      return { editionDate: value === '' ? null : value };
    case 'tags':
      return { tags: parseTags(value) };
    default:
      return { [field]: value.trim() };
  }
}

export function MetaForm({ article, onChange }: MetaFormProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const headingId = useId();
  const tagsHintId = useId();
  const [values, setValues] = useState(() => initialValues(article));
  // The form owns its values while open: later server copies of the article never overwrite typing.

  function update(field: Field, value: string, immediate = false) {
    setValues((previous) => ({ ...previous, [field]: value }));
    onChange(field, toPatch(field, value), immediate);
  }

  function input(
    field: Exclude<Field, 'editionDate'>,
    label: string,
    extra?: { describedBy?: string; hint?: string },
  ) {
    return (
      <label className="field">
        <span className="field-label">{label}</span>
        <input
          type="text"
          value={values[field]}
          dir="auto"
          aria-describedby={extra?.describedBy}
          onChange={(event) => update(field, event.target.value)}
          onBlur={(event) => update(field, event.target.value, true)}
          data-testid={`meta-${field}`}
        />
        {extra?.hint ? (
          <span id={extra.describedBy} className="field-hint">
            {extra.hint}
          </span>
        ) : null}
      </label>
    );
  }

  return (
    <section className="meta-form" aria-labelledby={headingId}>
      <h2 id={headingId} className="visually-hidden">
        {t('article.details')}
      </h2>
      {input('desk', t('library.desk'))}
      <label className="field">
        <span className="field-label">{t('article.editionDate')}</span>
        <input
          type="date"
          value={values.editionDate}
          onChange={(event) => update('editionDate', event.target.value)}
          onBlur={(event) => update('editionDate', event.target.value, true)}
          data-testid="meta-editionDate"
        />
        <span className="field-hint">{values.editionDate ? format.date(values.editionDate) : '\u00a0'}</span>
      </label>
      {input('byline', t('article.byline'))}
      {input('tags', t('article.tags'), { describedBy: tagsHintId, hint: t('article.tagsHint') })}
      {input('slug', t('article.slug'))}
    </section>
  );
}
