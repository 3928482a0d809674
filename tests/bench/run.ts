// `npm run bench`: the performance targets of the spine, measured on a generated library of 10,000
// articles × en/ar/ckb × 10 paragraphs. Prints a table and writes test-results/bench.json.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from '@playwright/test';
import { setSegmentText } from '../../electron/core/article-ops.ts';
import { Library } from '../../electron/core/node/library.ts';
import { benchExport } from './export-bench.ts';
import { generateLibrary } from './generate.ts';
import { benchSearch } from './search-bench.ts';
import { reportLine, reported } from './report.ts';
import { benchSync } from './sync.ts';

const root = path.resolve(import.meta.dirname, '../..');
const COUNT = Number(process.env.PIRD_BENCH_ARTICLES ?? 10_000);
const work = path.join(os.tmpdir(), `pird-bench-${process.pid}`);
const results: { name: string; value: number; unit: string; target: string }[] = [];
const record = (name: string, value: number, unit: string, target: string) => {
  results.push({ name, value: reported(value, unit), unit, target });
  console.log(reportLine(name, value, unit, target));
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;

function coldList(dir: string): { ms: number; articles: number } {
  const out = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'cold-list.ts'), dir],
    {
      encoding: 'utf8',
    },
  );
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout) as { ms: number; articles: number };
}

async function saveTimings(dir: string, rounds = 60): Promise<number[]> {
  const library = await Library.open(dir);
  const { articles } = await library.list();
  const id = articles[0]!.id;
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await library.update(id, (a, now) =>
      setSegmentText(a, 'p1', 'ar', `نص تجريبي رقم ${i}`, undefined, 'bench', now),
    );
    times.push(performance.now() - start);
  }
  return times.slice(5); // the first saves warm up the JIT and the lock file
}

async function hostOpen(dir: string): Promise<{ ms: number; peakRssMb: number }> {
  const home = path.join(work, 'home');
  mkdirSync(home, { recursive: true });
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'electron/cli/main.ts', 'serve', '--library', dir, '--port', '0'],
    {
      cwd: root,
      env: { ...process.env, PIRD_HOME: home },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let seen = '';
      child.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        const match = /http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+/.exec(seen);
        if (match) resolve(match[0]);
      });
      child.once('exit', () => reject(new Error('serve exited')));
    });
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
    try {
      const page = await browser.newPage();
      const start = performance.now();
      await page.goto(url);
      // The list is shown when the last-generated (newest) article's row is on screen.
      await page
        .getByText(`${COUNT - 1}`, { exact: false })
        .first()
        .waitFor({ state: 'visible', timeout: 60_000 });
      const ms = performance.now() - start;
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return { ms, peakRssMb: peakKb / 1024 };
    } finally {
      await browser.close();
    }
  } finally {
    child.kill('SIGTERM');
  }
}

rmSync(work, { recursive: true, force: true });
const big = path.join(work, 'big');
const small = path.join(work, 'small');
let start = performance.now();
generateLibrary(big, COUNT);
generateLibrary(small, 1);
console.log(`generated ${COUNT} articles in ${Math.round(performance.now() - start)} ms (${work})\n`);

const first = coldList(big);
record(`core: first open, index built from ${first.articles} files`, first.ms, 'ms', 'informative');
const cold = [coldList(big).ms, coldList(big).ms, coldList(big).ms];
record('core: cold process, open + full list (median of 3)', median(cold), 'ms', '< 1000');

const bigSaves = await saveTimings(big);
const smallSaves = await saveTimings(small);
record(`core: save one segment, ${COUNT}-article library (median)`, median(bigSaves), 'ms', '< 20');
record(`core: save one segment, ${COUNT}-article library (p95)`, p95(bigSaves), 'ms', 'informative');
record('core: save one segment, 1-article library (median)', median(smallSaves), 'ms', 'same as above');

start = performance.now();
const host = await hostOpen(big);
record('browser host: page load until the list is shown', host.ms, 'ms', '< 1500');
record('browser host: peak memory of the host process (VmHWM)', host.peakRssMb, 'MB', '< 400');

await benchExport(big, work, Math.min(COUNT, 1000), record);
await benchSync(COUNT, path.join(work, 'sync'), (r) => record(r.name, r.value, r.unit, r.target));
await benchSearch(big, record);

mkdirSync(path.join(root, 'test-results'), { recursive: true });
writeFileSync(
  path.join(root, 'test-results/bench.json'),
  JSON.stringify({ articles: COUNT, date: new Date().toISOString(), results }, null, 2),
);
rmSync(work, { recursive: true, force: true });
