// Where Pird keeps its files by default: the same folders Electron's app.getPath('userData') gives
// for productName "Pird", so the app, the browser host and the CLI share one library per user.
import os from 'node:os';
import path from 'node:path';

// The platform is a parameter so tests can check every OS's folder from any OS.
function pathFor(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** The per-user data folder; PIRD_HOME overrides it (tests, portable installs). */
export function defaultUserDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const p = pathFor(platform);
  const override = env.PIRD_HOME;
  if (override !== undefined && override !== '') return p.resolve(override);
  const home = os.homedir();
  switch (platform) {
    case 'win32':
      return p.join(env.APPDATA || p.join(home, 'AppData', 'Roaming'), 'Pird');
    case 'darwin':
      return p.join(home, 'Library', 'Application Support', 'Pird');
    default: {
      // XDG_CONFIG_HOME counts only when absolute (XDG Base Directory spec), as in Electron.
      const xdg = env.XDG_CONFIG_HOME;
      return p.join(xdg !== undefined && p.isAbsolute(xdg) ? xdg : p.join(home, '.config'), 'Pird');
    }
  }
}

/** The default library folder: `<userData>/library`. */
export function defaultLibraryDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  return pathFor(platform).join(defaultUserDataDir(env, platform), 'library');
}
