// The main window's size and position, remembered between runs in `<userData>/window-state.json`
// (a versioned envelope like every Pird file, written durably). A saved position that no longer
// fits any screen (a monitor was unplugged, the resolution changed) is dropped, never trusted.
import fsPromises from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { parseEnvelope, serializeEnvelope } from '../core/envelope.ts';
import { writeFileDurable } from '../core/node/durable-write.ts';

export const WINDOW_STATE_FILE = 'window-state.json';
const FORMAT = 'pird.window-state';
const FORMAT_VERSION = 1;

export const MIN_WINDOW_SIZE = { width: 720, height: 480 } as const;
export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 } as const;
/** How much of the window's top edge (its title bar) must lie on a screen for the position to be kept. */
const VISIBLE_TITLE = { width: 120, height: 40 } as const;
const MAX_COORDINATE = 100_000;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** No position: let the system place (centre) the window. */
  bounds: { x?: number; y?: number; width: number; height: number };
  maximized: boolean;
}

export function defaultWindowState(): WindowState {
  return { bounds: { ...DEFAULT_WINDOW_SIZE }, maximized: false };
}

const coordinate = z.number().int().min(-MAX_COORDINATE).max(MAX_COORDINATE);
const stateSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(FORMAT_VERSION),
  bounds: z.object({
    x: coordinate,
    y: coordinate,
    width: z.number().int().min(1).max(MAX_COORDINATE),
    height: z.number().int().min(1).max(MAX_COORDINATE),
  }),
  maximized: z.boolean(),
});

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * Keeps a saved window reachable on today's screens (their work areas, without task bars): the
 * position is kept only when enough of the title bar is on one screen, and the size never exceeds
 * that screen (or the first one, when the window is re-centred) nor falls below the minimum.
 */
export function fitToScreens(saved: Rect, maximized: boolean, workAreas: readonly Rect[]): WindowState {
  const titleBar = { x: saved.x, y: saved.y, width: saved.width, height: VISIBLE_TITLE.height };
  const screen = workAreas.find((area) => {
    const seen = overlap(titleBar, area);
    return seen.width >= Math.min(VISIBLE_TITLE.width, saved.width) && seen.height >= VISIBLE_TITLE.height;
  });
  const limit = screen ?? workAreas[0];
  const clamp = (value: number, min: number, max: number | undefined) =>
    Math.max(min, max === undefined ? value : Math.min(value, max));
  const size = {
    width: clamp(saved.width, MIN_WINDOW_SIZE.width, limit?.width),
    height: clamp(saved.height, MIN_WINDOW_SIZE.height, limit?.height),
  };
  return { bounds: screen ? { x: saved.x, y: saved.y, ...size } : size, maximized };
}

/** The remembered state, fitted to the current screens; the default when there is none or it is unusable. */
export async function loadWindowState(
  userDataDir: string,
  workAreas: readonly Rect[],
  readFile: (file: string) => Promise<string> = (file) => fsPromises.readFile(file, 'utf8'),
): Promise<WindowState> {
  let raw: string;
  try {
    raw = await readFile(path.join(userDataDir, WINDOW_STATE_FILE));
  } catch {
    return defaultWindowState();
  }
  const parsed = parseEnvelope(raw, WINDOW_STATE_FILE, {
    format: FORMAT,
    currentVersion: FORMAT_VERSION,
    migrations: {},
    schema: stateSchema,
    description: 'window state file',
  });
  return parsed.ok
    ? fitToScreens(parsed.value.bounds, parsed.value.maximized, workAreas)
    : defaultWindowState();
}

export async function saveWindowState(
  userDataDir: string,
  state: WindowStateSnapshot,
  write: (file: string, data: string) => Promise<void> = writeFileDurable,
): Promise<void> {
  await fsPromises.mkdir(userDataDir, { recursive: true });
  const bounds = {
    x: Math.round(state.bounds.x),
    y: Math.round(state.bounds.y),
    width: Math.round(state.bounds.width),
    height: Math.round(state.bounds.height),
  };
  await write(
    path.join(userDataDir, WINDOW_STATE_FILE),
    serializeEnvelope(FORMAT, FORMAT_VERSION, { bounds, maximized: state.maximized }),
  );
}

/** What the tracker needs from a BrowserWindow. */
export interface TrackedWindow {
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown;
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isMinimized(): boolean;
  isFullScreen(): boolean;
}

export interface WindowStateSnapshot {
  bounds: Rect;
  maximized: boolean;
}

export interface WindowStateTrackerOptions {
  save: (state: WindowStateSnapshot) => Promise<void>;
  /** Moving or resizing fires many events: save once it settles. */
  delayMs?: number;
}

/**
 * Saves a window's state after it moves or resizes (debounced) and when it closes; saves run one
 * after another, so the last state written is the last one seen. `flush()` lets the app wait for the
 * last save before it quits.
 */
export class WindowStateTracker {
  readonly #save: WindowStateTrackerOptions['save'];
  readonly #delayMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #capturePending: (() => WindowStateSnapshot | undefined) | undefined;
  #chain: Promise<void> = Promise.resolve();
  #writing = 0;

  constructor(options: WindowStateTrackerOptions) {
    this.#save = options.save;
    this.#delayMs = options.delayMs ?? 800;
  }

  get pending(): boolean {
    return this.#timer !== undefined || this.#writing > 0;
  }

  track(window: TrackedWindow): void {
    // Minimised and full-screen geometry is not where the user wants the window next time.
    const capture = (): WindowStateSnapshot | undefined =>
      window.isMinimized() || window.isFullScreen()
        ? undefined
        : { bounds: window.getNormalBounds(), maximized: window.isMaximized() };
    const later = () => {
      clearTimeout(this.#timer);
      this.#capturePending = capture;
      this.#timer = setTimeout(() => this.#saveDebounced(), this.#delayMs);
    };
    for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) window.on(event, later);
    window.on('close', () => {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#capturePending = undefined;
      this.#enqueue(capture);
    });
  }

  /** Waits for every save asked for so far (running a debounced one now). */
  async flush(): Promise<void> {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#saveDebounced();
    }
    await this.#chain;
  }

  #saveDebounced(): void {
    const capture = this.#capturePending;
    this.#timer = undefined;
    this.#capturePending = undefined;
    if (capture) this.#enqueue(capture);
  }

  #enqueue(capture: () => WindowStateSnapshot | undefined): void {
    let state: WindowStateSnapshot | undefined;
    try {
      state = capture();
    } catch {
      return; // the window is already destroyed
    }
    if (!state) return;
    this.#writing++;
    this.#chain = this.#chain
      .then(() => this.#save(state))
      .catch(() => undefined)
      .finally(() => this.#writing--);
  }
}
