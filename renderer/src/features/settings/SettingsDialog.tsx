import { useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { REQUIRED_STATUSES } from '../../../../electron/core/contract';
import type {
  Lang,
  LibrarySettings,
  LibrarySettingsPatch,
  RequiredStatus,
} from '../../../../electron/core/contract';
import { useApp } from '../../api/context.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { Icon } from '../../components/Icon.tsx';
import { ChooseFolderButton } from '../desktop/ChooseFolderButton.tsx';
import { currentUiLanguage } from '../../i18n/i18n.ts';
import { OWN_LANGUAGE_NAME, UI_LANGUAGES } from '../../i18n/languages.ts';
import type { DeskLevelMap } from './DeskLevels.tsx';
import { DeskLevels, deskLevelsPatch } from './DeskLevels.tsx';

export function SettingsDialog({
  onClose,
  onChangeLanguage,
}: {
  onClose: () => void;
  onChangeLanguage: (lang: Lang) => void;
}) {
  const { t } = useTranslation();
  const { client, settings, updateSettings, reportError, sync } = useApp();
  const syncId = useId();
  const sharedHintId = useId();
  const [sharedFolder, setSharedFolder] = useState(sync.status?.sharedFolder ?? '');
  const [folderTouched, setFolderTouched] = useState(false);
  const configuredFolder = sync.status?.sharedFolder ?? '';
  useEffect(() => {
    if (!folderTouched) setSharedFolder(configuredFolder);
  }, [configuredFolder, folderTouched]);
  const [name, setName] = useState(settings.translatorName);
  const [busy, setBusy] = useState(false);
  const hintId = useId();
  const deviceId = useId();
  const libraryId = useId();
  const requiredHintId = useId();
  const baseUrlHintId = useId();
  const baseUrlErrorId = useId();
  // Library settings live in the library (librarySettings.get/update), not on this device.
  const [library, setLibrary] = useState<LibrarySettings | null>(null);
  const [libraryFailed, setLibraryFailed] = useState(false);
  const [required, setRequired] = useState<RequiredStatus>('translated');
  const [deskLevels, setDeskLevels] = useState<DeskLevelMap>({});
  const [baseUrl, setBaseUrl] = useState('');
  const [baseUrlInvalid, setBaseUrlInvalid] = useState(false);

  useEffect(() => {
    let live = true;
    void client.invoke('librarySettings.get', {}).then((result) => {
      if (!live) return;
      if (!result.ok) {
        setLibraryFailed(true);
        return;
      }
      setLibrary(result.value);
      setRequired(result.value.requiredStatus);
      setDeskLevels(result.value.deskRequiredStatus);
      setBaseUrl(result.value.baseUrl ?? '');
    });
    return () => {
      live = false;
    };
  }, [client]);

  /** Saves what changed in the library settings; false when it could not (the form says why). */
  async function saveLibrary(): Promise<boolean> {
    if (!library) return true;
    const patch: LibrarySettingsPatch = {};
    if (required !== library.requiredStatus) patch.requiredStatus = required;
    const desks = deskLevelsPatch(library.deskRequiredStatus, deskLevels);
    if (desks) patch.deskRequiredStatus = desks;
    const url = baseUrl.trim();
    if (url !== (library.baseUrl ?? '')) patch.baseUrl = url === '' ? null : url;
    if (Object.keys(patch).length === 0) return true;
    const result = await client.invoke('librarySettings.update', patch);
    if (result.ok) {
      setLibrary(result.value);
      setBaseUrl(result.value.baseUrl ?? '');
      return true;
    }
    if (result.error.code === 'invalid-input' && patch.baseUrl !== undefined) setBaseUrlInvalid(true);
    else reportError(result.error);
    return false;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const saved = (await updateSettings({ translatorName: name.trim() })) && (await saveLibrary());
    setBusy(false);
    if (saved) onClose();
  }

  return (
    <Dialog title={t('nav.settings')} onClose={onClose} className="settings">
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <h3 id={deviceId} className="form-section-title">
          {t('settings.device')}
        </h3>
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

        <section className="form-section" aria-labelledby={libraryId} data-testid="library-settings">
          <h3 id={libraryId} className="form-section-title">
            {t('settings.librarySection')}
          </h3>
          <p className="field-hint">{t('settings.libraryHint')}</p>
          {libraryFailed ? (
            <p className="field-error" role="alert">
              {t('settings.libraryLoadFailed')}
            </p>
          ) : (
            <>
              <label className="field">
                <span className="field-label">{t('settings.requiredStatus')}</span>
                <select
                  value={required}
                  disabled={!library}
                  aria-describedby={requiredHintId}
                  onChange={(event) => setRequired(event.target.value as RequiredStatus)}
                  data-testid="required-status"
                >
                  {REQUIRED_STATUSES.map((status) => (
                    <option key={status} value={status}>
                      {t(`status.${status}`)}
                    </option>
                  ))}
                </select>
                <span id={requiredHintId} className="field-hint">
                  {t('settings.requiredStatusHint')}
                </span>
              </label>
              <DeskLevels
                levels={deskLevels}
                defaultLevel={required}
                disabled={!library}
                onChange={setDeskLevels}
              />
              <label className="field">
                <span className="field-label">{t('settings.baseUrl')}</span>
                <input
                  type="url"
                  value={baseUrl}
                  dir="ltr"
                  disabled={!library}
                  spellCheck={false}
                  autoComplete="url"
                  placeholder="https://"
                  aria-invalid={baseUrlInvalid || undefined}
                  aria-describedby={baseUrlInvalid ? `${baseUrlHintId} ${baseUrlErrorId}` : baseUrlHintId}
                  onChange={(event) => {
                    setBaseUrl(event.target.value);
                    setBaseUrlInvalid(false);
                  }}
                  data-testid="base-url"
                />
                <span id={baseUrlHintId} className="field-hint">
                  {t('settings.baseUrlHint', { example: '\u2066https://news.example\u2069' })}
                </span>
                {baseUrlInvalid ? (
                  <span id={baseUrlErrorId} className="field-error" role="alert">
                    {t('settings.baseUrlInvalid')}
                  </span>
                ) : null}
              </label>
            </>
          )}
        </section>

        <section className="form-section" aria-labelledby={syncId} data-testid="sync-settings">
          <h3 id={syncId} className="form-section-title">
            {t('sync.title')}
          </h3>
          <label className="field">
            <span className="field-label">{t('sync.sharedFolder')}</span>
            <input
              type="text"
              value={sharedFolder}
              dir="ltr"
              spellCheck={false}
              aria-describedby={sharedHintId}
              onChange={(event) => {
                setSharedFolder(event.target.value);
                setFolderTouched(true);
              }}
              data-testid="shared-folder"
            />
            <span id={sharedHintId} className="field-hint">
              {t('sync.sharedFolderHint')}
            </span>
          </label>
          <ChooseFolderButton
            purpose="shared-folder"
            current={sharedFolder}
            onChosen={(folder) => {
              setSharedFolder(folder);
              setFolderTouched(true);
            }}
          />
          <div className="sync-actions">
            <button
              type="button"
              className="button"
              disabled={sync.syncing}
              onClick={() => {
                const folder = sharedFolder.trim();
                void sync.syncNow(folder === '' ? null : folder).then(() => setFolderTouched(false));
              }}
              data-testid="sync-now"
            >
              <Icon name="retry" />
              {sync.syncing ? t('sync.syncing') : t('sync.syncNow')}
            </button>
          </div>
        </section>

        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('action.cancel')}
          </button>
          <button type="submit" className="button primary" disabled={busy} data-testid="settings-save">
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
