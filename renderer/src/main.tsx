import '@fontsource/vazirmatn/400.css';
import '@fontsource/vazirmatn/700.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { ApiError, DeviceSettings } from '../../electron/core/contract';
import { createClient } from './api/client.ts';
import { App } from './App.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { initI18n } from './i18n/i18n.ts';

const DEFAULT_SETTINGS: DeviceSettings = { translatorName: '', uiLanguage: 'en' };

async function start(): Promise<void> {
  const client = createClient();
  // The UI language is a device setting: read it before the first paint so the frame never flips.
  const result = await client.invoke('settings.get', {});
  const settings = result.ok ? result.value : DEFAULT_SETTINGS;
  const startupError: ApiError | null = result.ok ? null : result.error;
  initI18n(settings.uiLanguage);
  const root = document.getElementById('root');
  if (!root) return;
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary>
        <App client={client} initialSettings={settings} startupError={startupError} />
      </ErrorBoundary>
    </StrictMode>,
  );
}

void start();
