// `npm run -s pird` and `npm run bench` start through electron/cli/run.cjs, which sizes libuv's
// thread pool before anything starts it: export flushes every file on that pool, and with the
// default four threads the disk sees only four flushes at a time (see run.cjs).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from './fixtures/library-fixtures.ts';
import { repoRoot } from './helpers/paths.ts';

const probe = path.join(repoRoot, 'tests/unit/fixtures/thread-pool-probe.ts');

async function fifoDir(): Promise<string> {
  const dir = await makeTempDir('pird-thread-pool-');
  for (let i = 1; i <= 8; i++) {
    const made = spawnSync('mkfifo', [path.join(dir, `fifo-${i}`)]);
    if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr.toString()}`);
  }
  return dir;
}

function run(args: string[], env: NodeJS.ProcessEnv = process.env) {
  // The pool's size is what is probed: whatever size this process was given must not leak in.
  const clean = { ...env };
  delete clean.UV_THREADPOOL_SIZE;
  return spawnSync(process.execPath, args, { cwd: repoRoot, env: clean, encoding: 'utf8', timeout: 30_000 });
}

afterAll(removeTempDirs);
if (process.platform === 'win32') console.log('skipping the thread-pool probe: it needs FIFOs (mkfifo)');

describe('the TypeScript launcher (electron/cli/run.cjs)', () => {
  it.runIf(process.platform !== 'win32')(
    'starts its entry with a thread pool larger than the default',
    async () => {
      const dir = await fifoDir();
      expect(run([path.join(repoRoot, 'electron/cli/run.cjs'), probe, dir]).stdout).toBe('more than 8\n');
      // The probe can tell: under plain tsx the pool has its default four threads.
      expect(run(['--import', 'tsx', probe, dir]).stdout).toBe('at most 8\n');
    },
    60_000,
  );

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
