import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../../..');
/** The shared trilingual corpus lives beside the repository (../shared/corpus). */
export const corpusDir = path.resolve(repoRoot, '../shared/corpus');
if (!existsSync(corpusDir)) throw new Error(`test corpus not found at ${corpusDir}`);

export function tempDir(prefix = 'pird-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}
