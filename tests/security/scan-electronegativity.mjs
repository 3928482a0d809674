// Runs Electronegativity through its programmatic API (the package's main) so that one scan gives
// both the SARIF report and each finding's severity, which its SARIF leaves out.
// Usage: node scan-electronegativity.mjs <input folder> <out.sarif> <out.json>
//
// The scan stays offline: every host name fails to resolve at once, so it never fetches its
// translations or Electron's release list and never waits for DNS on an offline machine; its
// results depend only on Pird's source. The error code is one its HTTP client (got) does not retry.
import dns from 'node:dns';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

dns.lookup = function offlineLookup(hostname, options, callback) {
  const done = typeof options === 'function' ? options : callback;
  const error = Object.assign(new Error(`${hostname}: no network during the security scan`), {
    code: 'ERR_PIRD_OFFLINE',
  });
  process.nextTick(() => done(error));
};

const [input, sarif, json] = process.argv.slice(2);
const run = createRequire(import.meta.url)('@doyensec/electronegativity');
const result = await run(
  {
    input,
    output: sarif,
    isSarif: true,
    // Its only check that needs the network (known security fixes in newer Electron releases).
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    isRelative: true,
    isVerbose: false,
    parserPlugins: [],
  },
  false,
);
writeFileSync(
  json,
  JSON.stringify({
    issues: result.issues.map((issue) => ({
      id: issue.id,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      file: issue.file,
      line: issue.location?.line ?? 0,
      manualReview: Boolean(issue.manualReview),
    })),
    errors: result.errors,
  }),
);
