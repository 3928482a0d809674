import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../../../electron/core/contract.ts';
import { useApp } from '../../api/context.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { currentUiLanguage } from '../../i18n/i18n.ts';
import { OWN_LANGUAGE_NAME, UI_LANGUAGES } from '../../i18n/languages.ts';

export function SettingsDialog({
  onClose,
  onChangeLanguage,
}: {
  onClose: () => void;
  onChangeLanguage: (lang: Lang) => void;
}) {
  const { t } = useTranslation();
  const { settings, updateSettings } = useApp();
  const [name, setName] = useState(settings.translatorName);
  const [busy, setBusy] = useState(false);
  const hintId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const saved = await updateSettings({ translatorName: name.trim() });
    setBusy(false);
    if (saved) onClose();
  }

  return (
    <Dialog title={t('nav.settings')} onClose={onClose}>
      <form className="form" onSubmit={(event) => void submit(event)}>
        <label className="field">
          <span className="field-label">{t('settings.translatorName')}</span>
          <input
            type="text"
            value={name}
            maxLength={200}
            dir="auto"
            autoComplete="name"
            placeholder={t('settings.translatorNamePlaceholder')}
            aria-describedby={hintId}
            onChange={(event) => setName(event.target.value)}
            data-testid="translator-name"
          />
          <span id={hintId} className="field-hint">
            {t('settings.translatorNameHint')}
          </span>
        </label>
        <label className="field">
          <span className="field-label">{t('settings.interfaceLanguage')}</span>
          <select
            value={currentUiLanguage()}
            onChange={(event) => onChangeLanguage(event.target.value as Lang)}
          >
            {UI_LANGUAGES.map((lang) => (
              <option key={lang} value={lang} lang={lang}>
                {OWN_LANGUAGE_NAME[lang]}
              </option>
            ))}
          </select>
        </label>
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('action.cancel')}
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            {t('action.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** First run: the translator name is recorded with every change, so ask for it once per device. */
export function WelcomeDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { updateSettings } = useApp();
  const [name, setName] = useState('');
  const [missing, setMissing] = useState(false);
  const textId = useId();
  const errorId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (name.trim() === '') {
      setMissing(true);
      return;
    }
    if (await updateSettings({ translatorName: name.trim() })) onClose();
  }

  return (
    <Dialog title={t('settings.welcomeTitle')} onClose={onClose} className="welcome" describedBy={textId}>
      <p id={textId}>{t('settings.welcomeText')}</p>
      <form className="form" onSubmit={(event) => void submit(event)} data-testid="welcome-form">
        <label className="field">
          <span className="field-label">{t('settings.translatorName')}</span>
          <input
            type="text"
            value={name}
            maxLength={200}
            dir="auto"
            autoComplete="name"
            // The dialog exists to ask for this one field.
            data-autofocus
            placeholder={t('settings.translatorNamePlaceholder')}
            aria-invalid={missing || undefined}
            aria-describedby={missing ? errorId : undefined}
            onChange={(event) => {
              setName(event.target.value);
              setMissing(false);
            }}
            data-testid="welcome-name"
          />
          <span className="field-hint">{t('settings.translatorNameHint')}</span>
          {missing ? (
            <span id={errorId} className="field-error" role="alert">
              {t('settings.translatorNameRequired')}
            </span>
          ) : null}
        </label>
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('settings.later')}
          </button>
          <button type="submit" className="button primary">
            {t('action.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
