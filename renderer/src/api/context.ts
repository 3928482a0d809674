import { createContext, useContext } from 'react';
import type { ApiError, DeviceSettings, Lang, PirdClient } from '../../../electron/core/contract.ts';

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
}

export type Route =
  | { view: 'library' }
  /** `focus`: open the QA panel and put the cursor in this cell (a finding clicked in the library). */
  | { view: 'editor'; articleId: string; focus?: { segmentId: string; lang: Lang } };

export const AppContext = createContext<AppServices | null>(null);

export function useApp(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('useApp outside <AppContext>');
  return services;
}
