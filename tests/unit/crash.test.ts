// Crash and error handling in the shell, with stand-ins for process, app and dialog.
import { EventEmitter } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { installCrashHandling } from '../../electron/main/crash.ts';
import { MainLog } from '../../electron/main/main-log.ts';
import type { ShellStrings } from '../../electron/main/strings.ts';
import { shellStrings } from '../../electron/main/strings.ts';
import { repoRoot, tempDir } from './helpers/paths.ts';

function setup(options: { ready?: boolean; answer?: number; lang?: 'en' | 'ar' | 'ckb' } = {}) {
  const process = new EventEmitter();
  const app = Object.assign(new EventEmitter(), {
    isReady: () => options.ready ?? true,
    relaunch: vi.fn(),
    exit: vi.fn(),
    quit: vi.fn(),
  });
  const boxes: Record<string, unknown>[] = [];
  const dialog = {
    showMessageBoxSync: vi.fn((box: Record<string, unknown>) => (boxes.push(box), options.answer ?? 0)),
    showMessageBox: vi.fn((box: Record<string, unknown>) => {
      boxes.push(box);
      return Promise.resolve({ response: options.answer ?? 0, checkboxChecked: false });
    }),
    showErrorBox: vi.fn(),
  };
  const log = new MainLog(path.join(tempDir('pird-crash-'), 'logs', 'main.log'));
  const strings = (): ShellStrings => shellStrings(options.lang ?? 'en');
  const handling = installCrashHandling({
    process: process as never,
    app: app as never,
    dialog: dialog as never,
    log,
    strings,
  });
  const logText = () => readFileSync(log.file, 'utf8');
  return { process, app, dialog, boxes, log, logText, handling };
}

describe('crash handling', () => {
  it('logs an uncaught exception, tells the user what to do in their language, and restarts', () => {
    const { process, app, boxes, logText, log } = setup({ lang: 'ckb', answer: 0 });
    process.emit('uncaughtException', new Error('disk on fire'), 'uncaughtException');
    expect(logText()).toMatch(/ERROR uncaught exception \(uncaughtException\)\n {4}Error: disk on fire/);
    expect(boxes).toHaveLength(1);
    const ckb = shellStrings('ckb').desktop.error;
    expect(boxes[0]).toMatchObject({ type: 'error', title: ckb.title, buttons: [ckb.restart, ckb.quit] });
    expect(String(boxes[0]!.detail)).toContain(log.file);
    expect(app.relaunch).toHaveBeenCalledOnce();
    expect(app.exit).toHaveBeenCalledWith(1);
  });

  it('quits without restarting when the user chooses Quit, and shows only one dialog for a burst of errors', () => {
    const { process, app, boxes, logText } = setup({ answer: 1 });
    process.emit('uncaughtException', new Error('first'), 'uncaughtException');
    process.emit('uncaughtException', new Error('second'), 'uncaughtException');
    expect(boxes).toHaveLength(1);
    expect(app.relaunch).not.toHaveBeenCalled();
    expect(logText()).toContain('Error: second');
  });

  it('uses the error box before the app is ready (no message boxes exist yet)', () => {
    const { process, dialog, app } = setup({ ready: false });
    process.emit('uncaughtException', new Error('early'), 'uncaughtException');
    expect(dialog.showErrorBox).toHaveBeenCalledWith(
      'Pird ran into a problem',
      expect.stringContaining('main.log'),
    );
    expect(app.exit).toHaveBeenCalledWith(1);
  });

  it('logs every unhandled rejection but interrupts the user only once, and carries on', async () => {
    const { process, app, boxes, logText } = setup({ answer: 0 });
    process.emit('unhandledRejection', new Error('one'));
    process.emit('unhandledRejection', 'two');
    await Promise.resolve();
    expect(boxes).toHaveLength(1);
    expect(boxes[0]).toMatchObject({ type: 'warning', buttons: ['Continue', 'Restart Pird'] });
    expect(String(boxes[0]!.detail)).toMatch(/^Pird can carry on[\s\S]*main\.log$/);
    expect(logText()).toMatch(/Error: one[\s\S]*ERROR unhandled promise rejection\n {4}two/);
    expect(app.exit).not.toHaveBeenCalled();
  });

  it('offers to reload a window whose renderer crashed, and ignores a clean exit', async () => {
    const { app, boxes, logText } = setup({ answer: 0 });
    const contents = { isDestroyed: () => false, reload: vi.fn() };
    app.emit('render-process-gone', {}, contents, { reason: 'clean-exit', exitCode: 0 });
    expect(boxes).toHaveLength(0);
    app.emit('render-process-gone', {}, contents, { reason: 'oom', exitCode: 9 });
    await vi.waitFor(() => expect(contents.reload).toHaveBeenCalledOnce());
    expect(boxes[0]).toMatchObject({
      message: 'The Pird window stopped working.',
      buttons: ['Reload', 'Quit'],
    });
    expect(logText()).toContain("the window's renderer process is gone: oom (exit code 9)");
  });

  it("keeps the renderer's console errors and helper-process crashes in the log", () => {
    const { app, logText } = setup();
    const contents = new EventEmitter();
    app.emit('web-contents-created', {}, contents);
    contents.emit('console-message', { level: 'info', message: 'hello', sourceId: 'x', lineNumber: 1 });
    contents.emit('console-message', {
      level: 'error',
      message: 'Pird UI error TypeError: x is undefined',
      sourceId: 'pird://app/assets/index.js',
      lineNumber: 12,
    });
    app.emit('child-process-gone', {}, { type: 'GPU', reason: 'crashed', exitCode: 139 });
    expect(logText()).not.toContain('hello');
    expect(logText()).toContain(
      'WARN renderer: Pird UI error TypeError: x is undefined (pird://app/assets/index.js:12)',
    );
    expect(logText()).toContain('WARN GPU process gone: crashed (exit code 139)');
  });

  it('says why Pird could not start, in the UI language, and exits', () => {
    const { handling, dialog, app, logText } = setup({ lang: 'ar' });
    handling.startFailed(new Error('EACCES: permission denied, open library.json'));
    const ar = shellStrings('ar').desktop.error;
    expect(dialog.showErrorBox).toHaveBeenCalledWith(ar.startFailed, expect.stringContaining('EACCES'));
    expect(app.exit).toHaveBeenCalledWith(1);
    expect(logText()).toContain('ERROR Pird failed to start');
  });

  it('sends nothing anywhere: no crash reporter, no network client in the shell', () => {
    const dir = path.join(repoRoot, 'electron/main');
    for (const name of readdirSync(dir).filter((file) => file.endsWith('.ts'))) {
      const source = readFileSync(path.join(dir, name), 'utf8');
      expect(source, name).not.toMatch(/crashReporter|uploadToServer|\bnet\.request|\bfetch\(|node:https?'/);
    }
  });
});
