import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Rect, TrackedWindow, WindowStateSnapshot } from '../../electron/main/window-state.ts';
import {
  DEFAULT_WINDOW_SIZE,
  fitToScreens,
  loadWindowState,
  MIN_WINDOW_SIZE,
  saveWindowState,
  WINDOW_STATE_FILE,
  WindowStateTracker,
} from '../../electron/main/window-state.ts';
import { tempDir } from './helpers/paths.ts';

const laptop: Rect = { x: 0, y: 0, width: 1440, height: 860 };
const externalOnTheRight: Rect = { x: 1440, y: 0, width: 2560, height: 1400 };

describe('window state', () => {
  it('comes back where it was left, after a durable save', async () => {
    const userData = tempDir('pird-window-');
    await saveWindowState(userData, {
      bounds: { x: 100.4, y: 80, width: 1200, height: 800 },
      maximized: true,
    });
    const saved: unknown = JSON.parse(readFileSync(path.join(userData, WINDOW_STATE_FILE), 'utf8'));
    expect(saved).toEqual({
      format: 'pird.window-state',
      version: 1,
      bounds: { x: 100, y: 80, width: 1200, height: 800 },
      maximized: true,
    });
    expect(await loadWindowState(userData, [laptop])).toEqual({
      bounds: { x: 100, y: 80, width: 1200, height: 800 },
      maximized: true,
    });
  });

  it('starts with the default size, centred, when there is no file or it is damaged, foreign or newer', async () => {
    const userData = tempDir('pird-window-');
    const fallback = { bounds: { ...DEFAULT_WINDOW_SIZE }, maximized: false };
    expect(await loadWindowState(userData, [laptop])).toEqual(fallback);
    const file = path.join(userData, WINDOW_STATE_FILE);
    mkdirSync(userData, { recursive: true });
    for (const content of [
      '{"format":"pird.window-state","version":1,"bounds":{"x":1,',
      '{"format":"pird.article","version":1}',
      '{"format":"pird.window-state","version":9,"bounds":{"x":0,"y":0,"width":900,"height":700},"maximized":false}',
      '{"format":"pird.window-state","version":1,"bounds":{"x":"0","y":0,"width":900,"height":700},"maximized":false}',
      '{"format":"pird.window-state","version":1,"bounds":{"x":0,"y":0,"width":1e12,"height":700},"maximized":false}',
    ]) {
      writeFileSync(file, content);
      expect(await loadWindowState(userData, [laptop]), content).toEqual(fallback);
    }
  });

  it('keeps a position on a second screen while that screen is attached', () => {
    const onExternal = { x: 1600, y: 100, width: 1800, height: 1100 };
    expect(fitToScreens(onExternal, false, [laptop, externalOnTheRight]).bounds).toEqual(onExternal);
  });

  it('re-centres a window whose screen was unplugged, and shrinks it to fit the remaining screen', () => {
    const onExternal = { x: 1600, y: 100, width: 1800, height: 1100 };
    expect(fitToScreens(onExternal, false, [laptop])).toEqual({
      bounds: { width: laptop.width, height: laptop.height },
      maximized: false,
    });
  });

  it('drops a position whose title bar is off screen (above the top or nearly off the side)', () => {
    expect(
      fitToScreens({ x: 100, y: -500, width: 1000, height: 700 }, false, [laptop]).bounds,
    ).not.toHaveProperty('x');
    expect(
      fitToScreens({ x: 1400, y: 100, width: 1000, height: 700 }, false, [laptop]).bounds,
    ).not.toHaveProperty('x');
    expect(fitToScreens({ x: 1300, y: 100, width: 1000, height: 700 }, false, [laptop]).bounds).toMatchObject(
      {
        x: 1300,
      },
    );
  });

  it('never restores a window smaller than the minimum', () => {
    expect(fitToScreens({ x: 10, y: 10, width: 50, height: 20 }, false, [laptop]).bounds).toEqual({
      x: 10,
      y: 10,
      ...MIN_WINDOW_SIZE,
    });
  });
});

function fakeWindow(bounds: Rect) {
  const handlers = new Map<string, (() => void)[]>();
  const window: TrackedWindow & { emit(name: string): void; bounds: Rect; minimized: boolean } = {
    bounds,
    minimized: false,
    on(event, listener) {
      handlers.set(event, [...(handlers.get(event) ?? []), listener]);
    },
    emit(name) {
      for (const handler of handlers.get(name) ?? []) handler();
    },
    getNormalBounds() {
      return this.bounds;
    },
    isMaximized: () => false,
    isMinimized() {
      return this.minimized;
    },
    isFullScreen: () => false,
  };
  return window;
}

describe('window state tracker', () => {
  it('saves once after a burst of moves, and the last position wins', async () => {
    vi.useFakeTimers();
    try {
      const saves: WindowStateSnapshot[] = [];
      const tracker = new WindowStateTracker({
        save: (state) => (saves.push(state), Promise.resolve()),
        delayMs: 500,
      });
      const window = fakeWindow({ x: 0, y: 0, width: 900, height: 700 });
      tracker.track(window);
      for (let x = 0; x < 50; x += 10) {
        window.bounds = { ...window.bounds, x };
        window.emit('move');
        vi.advanceTimersByTime(100);
      }
      expect(saves).toHaveLength(0);
      expect(tracker.pending).toBe(true);
      vi.advanceTimersByTime(500);
      await tracker.flush();
      expect(saves).toEqual([{ bounds: { x: 40, y: 0, width: 900, height: 700 }, maximized: false }]);
      expect(tracker.pending).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('saves on close, and flush() runs a waiting save at once so quitting never loses it', async () => {
    const saves: WindowStateSnapshot[] = [];
    const tracker = new WindowStateTracker({
      save: (state) => (saves.push(state), Promise.resolve()),
      delayMs: 60_000,
    });
    const window = fakeWindow({ x: 5, y: 5, width: 900, height: 700 });
    tracker.track(window);
    window.emit('resize');
    await tracker.flush();
    expect(saves).toHaveLength(1);
    window.bounds = { x: 6, y: 6, width: 901, height: 701 };
    window.emit('close');
    await tracker.flush();
    expect(saves.at(-1)!.bounds).toEqual({ x: 6, y: 6, width: 901, height: 701 });
  });

  it('does not remember a minimised window, and survives a failing save', async () => {
    const save = vi.fn(() => Promise.reject(new Error('ENOSPC')));
    const tracker = new WindowStateTracker({ save, delayMs: 0 });
    const window = fakeWindow({ x: 5, y: 5, width: 900, height: 700 });
    tracker.track(window);
    window.minimized = true;
    window.emit('close');
    await tracker.flush();
    expect(save).not.toHaveBeenCalled();
    window.minimized = false;
    window.emit('close');
    await expect(tracker.flush()).resolves.toBeUndefined();
    expect(save).toHaveBeenCalledOnce();
  });
});
