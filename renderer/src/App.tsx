import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError, DeviceSettings, Lang, PirdClient } from '../../electron/core/contract';
import { AppContext } from './api/context.ts';
import type { AppServices, Route } from './api/context.ts';
import { parseRoute, routeHash } from './api/routes.ts';
import { ErrorNotices } from './components/ErrorNotices.tsx';
import type { Notice } from './components/ErrorNotices.tsx';
import { Icon } from './components/Icon.tsx';
import { EditorView } from './features/editor/EditorView.tsx';
import { HelpOverlay } from './features/help/HelpOverlay.tsx';
import { LibraryView } from './features/library/LibraryView.tsx';
import { ConflictsView } from './features/sync/ConflictsView.tsx';
import { SearchView } from './features/search/SearchView.tsx';
import { TrashView } from './features/library/TrashView.tsx';
import { ProgressView } from './features/progress/ProgressView.tsx';
import { GlossaryView } from './features/interchange/GlossaryView.tsx';
import { SyncIndicator } from './features/sync/SyncIndicator.tsx';
import { useSync } from './features/sync/useSync.ts';
import { SettingsDialog, WelcomeDialog } from './features/settings/SettingsDialog.tsx';
import { changeUiLanguage, currentUiLanguage } from './i18n/i18n.ts';
import { OWN_LANGUAGE_NAME, UI_LANGUAGES } from './i18n/languages.ts';
import { isTextField, shortcutFor } from './shortcuts.ts';

interface AppProps {
  client: PirdClient;
  initialSettings: DeviceSettings;
  startupError: ApiError | null;
}

let nextNoticeId = 1;

export function App({ client, initialSettings, startupError }: AppProps) {
  const { t, i18n } = useTranslation();
  const [settings, setSettings] = useState(initialSettings);
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  const [notices, setNotices] = useState<Notice[]>(() =>
    startupError ? [{ id: nextNoticeId++, error: startupError, retry: () => window.location.reload() }] : [],
  );
  const [helpOpen, setHelpOpen] = useState(false);
  const [searchQuery, setSearchQuery] = useState('');
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [welcomeOpen, setWelcomeOpen] = useState(
    () => !startupError && initialSettings.translatorName.trim() === '',
  );
  const leaveGuard = useRef<(() => Promise<void>) | null>(null);
  const mainRef = useRef<HTMLElement>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  const uiLanguage = currentUiLanguage();

  useEffect(() => {
    const onHashChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  const reportError = useCallback((error: ApiError, retry?: () => void) => {
    setNotices((previous) => {
      // One notice per kind of failure: a failing autosave must not stack a banner per keystroke.
      const rest = previous.filter((notice) => notice.error.code !== error.code);
      return [...rest, { id: nextNoticeId++, error, retry }].slice(-4);
    });
  }, []);

  const navigate = useCallback((next: Route) => {
    void (async () => {
      await leaveGuard.current?.();
      window.location.hash = routeHash(next);
    })();
  }, []);

  const updateSettings = useCallback(
    async (patch: Partial<DeviceSettings>): Promise<boolean> => {
      const result = await client.invoke('settings.update', patch);
      if (!result.ok) {
        reportError(result.error);
        return false;
      }
      setSettings(result.value);
      return true;
    },
    [client, reportError],
  );

  const changeLanguage = useCallback(
    (lang: Lang) => {
      // Switch at once; persisting it is a device setting that may fail without blocking the switch.
      void changeUiLanguage(lang);
      void updateSettings({ uiLanguage: lang });
    },
    [updateSettings],
  );

  const sync = useSync(client, reportError);

  const services = useMemo<AppServices>(
    () => ({
      client,
      settings,
      updateSettings,
      reportError,
      navigate,
      setLeaveGuard: (guard) => {
        leaveGuard.current = guard;
      },
      openHelp: () => setHelpOpen(true),
      sync,
    }),
    [client, settings, updateSettings, reportError, navigate, sync],
  );

  // F1 (anywhere) and ? (outside text fields) open the help, Ctrl+K the search box; the editor
  // handles its own keys.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const shortcut = shortcutFor(event, isTextField(event.target));
      if (shortcut?.id === 'search') {
        if (document.querySelector('dialog[open]')) return;
        event.preventDefault();
        searchInput.current?.focus();
        searchInput.current?.select();
        return;
      }
      if (shortcut?.id !== 'help') return;
      event.preventDefault();
      setHelpOpen(true);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  useEffect(() => {
    const view =
      route.view === 'editor'
        ? t('nav.editor')
        : route.view === 'search'
          ? t('search.title')
          : route.view === 'conflicts'
            ? t('conflict.title')
            : route.view === 'trash'
              ? t('nav.trash')
              : route.view === 'progress'
                ? t('progress.title')
                : route.view === 'glossary'
                  ? t('interchange.page.title')
                  : t('nav.library');
    document.title = `${view} — ${t('app.name')}`;
  }, [route.view, t, i18n.language]);

  return (
    <AppContext.Provider value={services}>
      <div className="app">
        <header className="app-header">
          <button type="button" className="skip-link" onClick={() => mainRef.current?.focus()}>
            {t('app.skipToContent')}
          </button>
          <div className="brand">
            <bdi className="brand-name">{t('app.name')}</bdi>
            <span className="brand-tagline">{t('app.tagline')}</span>
          </div>
          <nav className="app-nav" aria-label={t('nav.main')}>
            <a
              href="#/"
              className="nav-link"
              aria-current={route.view === 'library' ? 'page' : undefined}
              onClick={(event) => {
                event.preventDefault();
                navigate({ view: 'library' });
              }}
            >
              {t('nav.library')}
            </a>
            {route.view === 'editor' ? (
              <span className="nav-link" aria-current="page">
                {t('nav.editor')}
              </span>
            ) : null}
          </nav>
          <form
            role="search"
            className="header-search"
            onSubmit={(event) => {
              event.preventDefault();
              if (route.view !== 'search') navigate({ view: 'search' });
            }}
          >
            <label>
              <span className="visually-hidden">{t('common.search')}</span>
              <input
                ref={searchInput}
                type="search"
                value={searchQuery}
                aria-keyshortcuts="Control+K"
                dir="auto"
                placeholder={t('search.placeholder')}
                onChange={(event) => {
                  setSearchQuery(event.target.value);
                  if (route.view !== 'search') navigate({ view: 'search' });
                }}
                data-testid="search-input"
              />
            </label>
          </form>
          <div className="header-tools">
            <SyncIndicator sync={sync} />
            <label className="language-picker">
              <span className="visually-hidden">{t('settings.interfaceLanguage')}</span>
              <select
                value={uiLanguage}
                onChange={(event) => changeLanguage(event.target.value as Lang)}
                title={t('settings.interfaceLanguage')}
                data-testid="ui-language"
              >
                {UI_LANGUAGES.map((lang) => (
                  <option key={lang} value={lang} lang={lang}>
                    {OWN_LANGUAGE_NAME[lang]}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="button ghost" onClick={() => setSettingsOpen(true)}>
              <Icon name="settings" />
              {t('nav.settings')}
            </button>
            <button
              type="button"
              className="button ghost"
              onClick={() => setHelpOpen(true)}
              aria-keyshortcuts="F1"
              data-testid="help-button"
            >
              <Icon name="help" />
              {t('nav.help')}
            </button>
          </div>
        </header>
        <ErrorNotices
          notices={notices}
          onDismiss={(id) => setNotices((list) => list.filter((n) => n.id !== id))}
        />
        <main id="main" ref={mainRef} tabIndex={-1} className="app-main">
          {route.view === 'editor' ? (
            <EditorView key={route.articleId} articleId={route.articleId} focus={route.focus} />
          ) : route.view === 'trash' ? (
            <TrashView />
          ) : route.view === 'progress' ? (
            <ProgressView />
          ) : route.view === 'glossary' ? (
            <GlossaryView />
          ) : route.view === 'conflicts' ? (
            <ConflictsView />
          ) : route.view === 'search' ? (
            <SearchView query={searchQuery} />
          ) : (
            <LibraryView />
          )}
        </main>
        {helpOpen ? <HelpOverlay onClose={() => setHelpOpen(false)} /> : null}
        {settingsOpen ? (
          <SettingsDialog onClose={() => setSettingsOpen(false)} onChangeLanguage={changeLanguage} />
        ) : null}
        {welcomeOpen && !settingsOpen ? <WelcomeDialog onClose={() => setWelcomeOpen(false)} /> : null}
      </div>
    </AppContext.Provider>
  );
}
