// What happens when something goes wrong in the shell: every uncaught error, unhandled rejection,
// renderer or helper-process crash and renderer console error goes to the local log, and the user
// gets a message saying what to do. Nothing is uploaded: Pird never starts Electron's crash reporter.
import type { App, Dialog, MessageBoxOptions, WebContents } from 'electron';
import type { MainLog } from './main-log.ts';
import { describeError } from './main-log.ts';
import type { ShellStrings } from './strings.ts';
import { fill } from './strings.ts';

export interface CrashHandlingDeps {
  process: Pick<NodeJS.Process, 'on'>;
  app: Pick<App, 'on' | 'isReady' | 'relaunch' | 'exit' | 'quit'>;
  dialog: Pick<Dialog, 'showMessageBox' | 'showMessageBoxSync' | 'showErrorBox'>;
  log: MainLog;
  /** The strings in the current UI language (it can change while Pird runs). */
  strings: () => ShellStrings;
}

export interface CrashHandling {
  /** The app could not start: log it, say so, exit. */
  startFailed(error: unknown): void;
}

const FATAL_RESTART = 0;

export function installCrashHandling(deps: CrashHandlingDeps): CrashHandling {
  const { app, dialog, log } = deps;
  let fatalShown = false;
  let problemShown = false;

  function errorBox(strings: ShellStrings): MessageBoxOptions {
    return {
      type: 'error',
      title: strings.desktop.error.title,
      message: strings.desktop.error.message,
      detail: fill(strings.desktop.error.detail, { logFile: log.file }),
      noLink: true,
    };
  }

  // After an uncaught exception the main process's state is unknown (Node's own advice is to
  // exit): offer a restart. Saved work is safe, every save is durable before it is acknowledged.
  function fatal(what: string, error: unknown): void {
    log.error(what, error);
    if (fatalShown) return;
    fatalShown = true;
    const strings = deps.strings();
    try {
      if (!app.isReady()) {
        const box = errorBox(strings);
        dialog.showErrorBox(strings.desktop.error.title, `${box.message}\n\n${box.detail ?? ''}`);
        app.exit(1);
        return;
      }
      const choice = dialog.showMessageBoxSync({
        ...errorBox(strings),
        buttons: [strings.desktop.error.restart, strings.desktop.error.quit],
        defaultId: FATAL_RESTART,
        cancelId: 1,
      });
      if (choice === FATAL_RESTART) app.relaunch();
    } catch (dialogError) {
      log.error('could not show the error dialog', dialogError);
    }
    app.exit(1);
  }

  // A rejected promise nobody awaited: a bug, but the state is still consistent (IPC calls never
  // reject, they answer with errors). Log every one, tell the user once per session, carry on.
  function problem(what: string, error: unknown): void {
    log.error(what, error);
    if (problemShown || !app.isReady()) return;
    problemShown = true;
    const strings = deps.strings();
    dialog
      .showMessageBox({
        ...errorBox(strings),
        detail: fill(strings.desktop.error.problemDetail, { logFile: log.file }),
        type: 'warning',
        buttons: [strings.desktop.error.continue, strings.desktop.error.restart],
        defaultId: 0,
        cancelId: 0,
      })
      .then(({ response }) => {
        if (response === 1) {
          app.relaunch();
          app.quit();
        }
      })
      .catch((dialogError: unknown) => log.error('could not show the error dialog', dialogError));
  }

  function rendererGone(contents: WebContents, reason: string, exitCode: number): void {
    log.error(`the window's renderer process is gone: ${reason} (exit code ${exitCode})`);
    if (reason === 'clean-exit') return;
    const strings = deps.strings();
    dialog
      .showMessageBox({
        type: 'error',
        title: strings.desktop.error.title,
        message: strings.desktop.error.windowGone,
        detail: fill(strings.desktop.error.windowGoneDetail, { logFile: log.file }),
        buttons: [strings.app.reload, strings.desktop.error.quit],
        defaultId: 0,
        cancelId: 1,
        noLink: true,
      })
      .then(({ response }) => {
        if (response === 0 && !contents.isDestroyed()) contents.reload();
        else if (response !== 0) app.quit();
      })
      .catch((dialogError: unknown) => log.error('could not show the error dialog', dialogError));
  }

  deps.process.on('uncaughtException', (error, origin) => fatal(`uncaught exception (${origin})`, error));
  deps.process.on('unhandledRejection', (reason) => problem('unhandled promise rejection', reason));

  app.on('render-process-gone', (_event, contents, details) =>
    rendererGone(contents, details.reason, details.exitCode),
  );
  app.on('child-process-gone', (_event, details) => {
    if (details.reason !== 'clean-exit')
      log.warn(`${details.type} process gone: ${details.reason} (exit code ${details.exitCode})`);
  });
  app.on('web-contents-created', (_event, contents) => {
    // The renderer's error boundary and failed calls report with console.error: keep them here.
    contents.on('console-message', (event) => {
      if (event.level === 'error')
        log.warn(`renderer: ${event.message} (${event.sourceId}:${event.lineNumber})`);
    });
    contents.on('unresponsive', () => log.warn('the window stopped responding'));
    contents.on('responsive', () => log.info('the window responds again'));
  });

  return {
    startFailed(error: unknown): void {
      log.error('Pird failed to start', error);
      const strings = deps.strings();
      try {
        dialog.showErrorBox(
          strings.desktop.error.startFailed,
          fill(strings.desktop.error.startFailedDetail, {
            reason: error instanceof Error ? error.message : describeError(error),
            logFile: log.file,
          }),
        );
      } catch (dialogError) {
        log.error('could not show the error dialog', dialogError);
      }
      app.exit(1);
    },
  };
}
