import { createContext, useContext } from 'react';
import type { ApiError, DeviceSettings, Lang, PirdClient } from '../../../electron/core/contract';
import type { SyncState } from '../features/sync/useSync.ts';

export interface AppServices {
  client: PirdClient;
  settings: DeviceSettings;
  /** Saves device settings (translator name, UI language); resolves false when it failed (already reported). */
  updateSettings: (patch: Partial<DeviceSettings>) => Promise<boolean>;
  /** Shows a localised message for a failed call; `retry` adds a Retry button. */
  reportError: (error: ApiError, retry?: () => void) => void;
  navigate: (route: Route) => void;
  /** The editor registers a flush here so leaving it never drops unsaved text. */
  setLeaveGuard: (guard: (() => Promise<void>) | null) => void;
  openHelp: () => void;
  /** The shared-folder sync: status, Sync now, and a version that bumps when a round changed articles. */
  sync: SyncState;
}

export type Route =
  | { view: 'library' }
  /** Search across the library; the query itself lives in the header's search box. */
  | { view: 'search' }
  /** Segments two devices changed without seeing each other (sync). */
  | { view: 'conflicts' }
  /** Articles moved to the trash, with Restore. */
  | { view: 'trash' }
  /** Words and segments per language and status, per desk or per edition. */
  | { view: 'progress' }
  /** The glossary (list, CSV/TBX import and export) and the translation memory as TMX. */
  | { view: 'glossary' }
  /** `focus`: open the QA panel and put the cursor in this cell (a finding clicked in the library). */
  | { view: 'editor'; articleId: string; focus?: { segmentId: string; lang: Lang } };

export const AppContext = createContext<AppServices | null>(null);

export function useApp(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('useApp outside <AppContext>');
  return services;
}
