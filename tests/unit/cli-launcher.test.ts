// `npm run -s pird` and `npm run bench` start through electron/cli/run.cjs, which registers tsx
// and runs the entry.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/paths.ts';

function run(args: string[]) {
  return spawnSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8', timeout: 30_000 });
}

describe('the TypeScript launcher (electron/cli/run.cjs)', () => {
  it('passes the arguments and the exit code of the entry through', () => {
    const cli = [path.join(repoRoot, 'electron/cli/run.cjs'), path.join(repoRoot, 'electron/cli/main.ts')];
    const unknown = run([...cli, 'no-such-command']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'no-such-command'");
    const help = run([...cli, 'help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: npm run -s pird -- <command>');
    const bare = run([path.join(repoRoot, 'electron/cli/run.cjs')]);
    expect(bare.status).toBe(2);
  }, 60_000);
});
