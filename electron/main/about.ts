// Pird's About box: name, version, the Electron/Chromium/Node it runs on and where the library is,
// in the UI language. A plain message box, so it looks native on every platform.
import type { MessageBoxOptions } from 'electron';
import type { ShellStrings } from './strings.ts';
import { fill } from './strings.ts';

export interface AboutFacts {
  version: string;
  versions: Pick<NodeJS.ProcessVersions, 'node'> & { electron?: string; chrome?: string };
  libraryPath: string;
}

export function aboutBoxOptions(strings: ShellStrings, facts: AboutFacts): MessageBoxOptions {
  return {
    type: 'info',
    title: strings.help.about,
    message: `${strings.app.name} — ${strings.app.tagline}`,
    detail: `${strings.help.aboutText}\n\n${fill(strings.desktop.about.detail, {
      version: facts.version,
      electron: facts.versions.electron ?? '?',
      chrome: facts.versions.chrome ?? '?',
      node: facts.versions.node,
      library: facts.libraryPath,
    })}`,
    buttons: [strings.action.close],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
}
