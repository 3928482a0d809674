// The status each desk requires before export, in the library settings: one row per desk, either
// the library's level ("library default") or a level of its own, which QA then uses for that desk's
// articles (library-settings.ts: requiredStatusFor).
import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REQUIRED_STATUSES } from '../../../../electron/core/contract';
import type { RequiredStatus } from '../../../../electron/core/contract';
import { useApp } from '../../api/context.ts';
import { currentUiLanguage } from '../../i18n/i18n.ts';

export type DeskLevelMap = Record<string, RequiredStatus>;

/** The librarySettings.update patch that turns `saved` into `edited` (null removes a desk's level). */
export function deskLevelsPatch(
  saved: DeskLevelMap,
  edited: DeskLevelMap,
): Record<string, RequiredStatus | null> | undefined {
  const patch: Record<string, RequiredStatus | null> = {};
  for (const [desk, level] of Object.entries(edited)) if (saved[desk] !== level) patch[desk] = level;
  for (const desk of Object.keys(saved)) if (!(desk in edited)) patch[desk] = null;
  return Object.keys(patch).length > 0 ? patch : undefined;
}

export function DeskLevels({
  levels,
  defaultLevel,
  disabled,
  onChange,
}: {
  levels: DeskLevelMap;
  defaultLevel: RequiredStatus;
  disabled: boolean;
  onChange: (levels: DeskLevelMap) => void;
}) {
  const { t } = useTranslation();
  const { client } = useApp();
  const titleId = useId();
  const hintId = useId();
  const [articleDesks, setArticleDesks] = useState<string[]>([]);

  useEffect(() => {
    let live = true;
    void client.invoke('articles.list', {}).then((result) => {
      if (live && result.ok) setArticleDesks(result.value.articles.map((a) => a.desk.trim()));
    });
    return () => {
      live = false;
    };
  }, [client]);

  // The desks of the library's articles, and any desk that still has a level of its own.
  const desks = useMemo(() => {
    const collator = new Intl.Collator(currentUiLanguage());
    const all = new Set([...articleDesks.filter((d) => d !== ''), ...Object.keys(levels)]);
    return [...all].sort(collator.compare);
  }, [articleDesks, levels]);

  function setLevel(desk: string, value: string) {
    const next = { ...levels };
    if ((REQUIRED_STATUSES as readonly string[]).includes(value)) next[desk] = value as RequiredStatus;
    else delete next[desk];
    onChange(next);
  }

  return (
    <fieldset className="desk-levels" aria-labelledby={titleId} aria-describedby={hintId}>
      <legend id={titleId} className="field-label">
        {t('deskLevels.title')}
      </legend>
      <p id={hintId} className="field-hint">
        {t('deskLevels.hint')}
      </p>
      {desks.length === 0 ? (
        <p className="field-hint">{t('deskLevels.noDesks')}</p>
      ) : (
        <ul className="desk-levels-list" data-testid="desk-levels">
          {desks.map((desk) => (
            <li key={desk} className="desk-levels-row">
              <span className="desk-levels-name" dir="auto">
                {desk}
              </span>
              <select
                value={levels[desk] ?? ''}
                disabled={disabled}
                aria-label={t('deskLevels.deskLabel', { desk: `\u2068${desk}\u2069` })}
                onChange={(event) => setLevel(desk, event.target.value)}
                data-testid={`desk-level-${desk}`}
              >
                <option value="">
                  {t('deskLevels.libraryDefault', { status: t(`status.${defaultLevel}`) })}
                </option>
                {REQUIRED_STATUSES.map((status) => (
                  <option key={status} value={status}>
                    {t(`status.${status}`)}
                  </option>
                ))}
              </select>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
