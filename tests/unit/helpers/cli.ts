import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './paths.ts';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `pird` as a user would through npm (`npm run -s pird`: electron/cli/run.cjs): device
 * settings under `home` (PIRD_HOME), relative paths resolved against `workDir` (npm's INIT_CWD).
 */
export function runPird(home: string, workDir: string, args: string[]): CliRun {
  const result = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'electron/cli/run.cjs'), path.join(repoRoot, 'electron/cli/main.ts'), ...args],
    {
      cwd: repoRoot,
      env: { ...process.env, PIRD_HOME: home, INIT_CWD: workDir },
      encoding: 'utf8',
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
