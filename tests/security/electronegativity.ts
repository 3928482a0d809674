// Electronegativity over Pird's Electron and renderer sources. It exits 0 whatever it finds and its
// SARIF carries no severity, so this script runs it (scan-electronegativity.mjs), reads the SARIF,
// takes each result's severity from the same run, and fails on any HIGH or MEDIUM finding that the
// reviewed allow-list (electronegativity-allowlist.json, one reason per entry) does not cover.
// `npm run security` prints the report; tests/unit/electronegativity.test.ts runs the same gate.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const ALLOW_LIST_FILE = path.join(import.meta.dirname, 'electronegativity-allowlist.json');
const BLOCKING = new Set(['HIGH', 'MEDIUM']);
/** How a finding that belongs to no file (a global check) appears in the SARIF and the allow-list. */
export const GLOBAL_FILE = '(global)';

export interface Finding {
  rule: string;
  severity: string;
  confidence: string;
  /** Relative to the scanned folder, '/'-separated; GLOBAL_FILE for global checks. */
  file: string;
  line: number;
  message: string;
}

export interface AllowEntry {
  rule: string;
  file: string;
  reason: string;
}

export interface ScanReport {
  sarifPath: string;
  findings: Finding[];
  blocking: Finding[];
  allowed: Finding[];
  /** Allow-list entries that matched nothing: stale, to be removed. */
  unused: AllowEntry[];
  /** Files the scanner could not parse (their findings would be missing). */
  parseErrors: { file: string; message: string }[];
}

/** Copies what ships (electron/ and renderer/ sources, and package.json for the Electron version). */
export function stageSources(dest: string, root = REPO_ROOT): string {
  const sourceFile = /\.(ts|tsx|js|jsx|mjs|cjs|html|json)$/;
  for (const dir of ['electron', 'renderer']) {
    cpSync(path.join(root, dir), path.join(dest, dir), {
      recursive: true,
      filter: (from) =>
        !from.includes(`${path.sep}node_modules`) && (!path.extname(from) || sourceFile.test(from)),
    });
  }
  cpSync(path.join(root, 'package.json'), path.join(dest, 'package.json'));
  return dest;
}

export function loadAllowList(file = ALLOW_LIST_FILE): AllowEntry[] {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { entries?: unknown };
  if (!Array.isArray(data.entries)) throw new Error(`${file}: expected { "entries": [...] }`);
  return data.entries.map((entry: unknown, index) => {
    const { rule, file: where, reason } = (entry ?? {}) as Record<string, unknown>;
    if (
      typeof rule !== 'string' ||
      typeof where !== 'string' ||
      typeof reason !== 'string' ||
      reason.trim() === ''
    )
      throw new Error(`${file}: entry ${index} needs "rule", "file" and a "reason"`);
    return { rule, file: where, reason };
  });
}

interface SarifLog {
  version: string;
  runs: {
    results: {
      ruleId: string;
      level: string;
      message: { text: string };
      locations: {
        physicalLocation: { artifactLocation: { uri: string }; region?: { startLine?: number } };
      }[];
    }[];
  }[];
}

interface ScanDetails {
  issues: { id: string; severity: string; confidence: string }[];
  errors: { file: string; message: string; tolerable: boolean }[];
}

/** Runs the scan on `input` and judges it against the allow-list. */
export function scan(
  input: string,
  sarifPath: string,
  allowList: AllowEntry[] = loadAllowList(),
): ScanReport {
  mkdirSync(path.dirname(sarifPath), { recursive: true });
  const detailsPath = `${sarifPath}.details.json`;
  const child = spawnSync(
    process.execPath,
    [path.join(import.meta.dirname, 'scan-electronegativity.mjs'), input, sarifPath, detailsPath],
    { cwd: REPO_ROOT, encoding: 'utf8' },
  );
  if (child.status !== 0 || !existsSync(sarifPath) || !existsSync(detailsPath))
    throw new Error(`Electronegativity did not run:\n${child.stdout}${child.stderr}`);

  const sarif = JSON.parse(readFileSync(sarifPath, 'utf8')) as SarifLog;
  const details = JSON.parse(readFileSync(detailsPath, 'utf8')) as ScanDetails;
  const results = sarif.runs[0]?.results ?? [];
  if (results.length !== details.issues.length)
    throw new Error(`SARIF has ${results.length} results but the scan reported ${details.issues.length}`);

  const findings = results.map((result, index): Finding => {
    const issue = details.issues[index]!;
    if (issue.id !== result.ruleId)
      throw new Error(`SARIF result ${index} is ${result.ruleId}, not ${issue.id}`);
    const location = result.locations[0]?.physicalLocation;
    const uri = location?.artifactLocation.uri ?? '';
    return {
      rule: result.ruleId,
      severity: issue.severity,
      confidence: issue.confidence,
      file: uri === 'file:///' || uri === '' ? GLOBAL_FILE : uri.replaceAll('\\', '/'),
      line: location?.region?.startLine ?? 0,
      message: result.message.text,
    };
  });

  const matches = (finding: Finding, entry: AllowEntry) =>
    entry.rule === finding.rule && entry.file === finding.file;
  const gated = findings.filter((finding) => BLOCKING.has(finding.severity));
  return {
    sarifPath,
    findings,
    blocking: gated.filter((finding) => !allowList.some((entry) => matches(finding, entry))),
    allowed: gated.filter((finding) => allowList.some((entry) => matches(finding, entry))),
    unused: allowList.filter((entry) => !gated.some((finding) => matches(finding, entry))),
    parseErrors: details.errors
      .filter((error) => !error.tolerable)
      .map(({ file, message }) => ({ file, message })),
  };
}

/** Stages Pird's sources in a temporary folder and scans them. */
export function scanPird(
  sarifPath = path.join(REPO_ROOT, 'test-results', 'electronegativity.sarif'),
): ScanReport {
  const stage = stageSources(mkdtempSync(path.join(os.tmpdir(), 'pird-electronegativity-')));
  return scan(stage, sarifPath);
}

function main(): void {
  const report = scanPird();
  const line = (f: Finding) =>
    `  ${f.severity.padEnd(13)} ${f.rule.padEnd(36)} ${f.file}:${f.line}  ${f.message}`;
  console.log(
    `Electronegativity: ${report.findings.length} findings (SARIF: ${path.relative(REPO_ROOT, report.sarifPath)})`,
  );
  for (const finding of report.findings) console.log(line(finding));
  if (report.allowed.length > 0)
    console.log(`\nAllowed after review (${path.relative(REPO_ROOT, ALLOW_LIST_FILE)}):`);
  for (const finding of report.allowed) console.log(line(finding));
  const problems = [
    ...report.blocking.map((f) => `HIGH/MEDIUM finding not in the allow-list:\n${line(f)}`),
    ...report.unused.map((e) => `allow-list entry matches nothing (remove it): ${e.rule} ${e.file}`),
    ...report.parseErrors.map((e) => `could not parse ${e.file}: ${e.message}`),
  ];
  for (const problem of problems) console.error(`\nFAIL ${problem}`);
  if (problems.length === 0) console.log('\nNo HIGH or MEDIUM finding outside the reviewed allow-list.');
  process.exitCode = problems.length === 0 ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) main();
