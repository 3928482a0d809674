// The library's glossary (glossary.json) and imported translation memory (tm-imported.json): versioned
// envelopes like every file Pird writes, changed under the library lock and written durably. A
// missing file is empty; a damaged one is an error; a newer one is refused.
import { randomUUID } from 'node:crypto';
import fsPromises from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { parseEnvelope, serializeEnvelope } from '../envelope.ts';
import type { EnvelopeSpec } from '../envelope.ts';
import { PirdError } from '../errors.ts';
import type { EntryEdit, Glossary, GlossaryEntry } from '../glossary/glossary.ts';
import {
  GLOSSARY_FORMAT,
  GLOSSARY_FORMAT_VERSION,
  mergeEntries,
  removeEntry,
  saveEntry,
} from '../glossary/glossary.ts';
import { LANGUAGES } from '../model.ts';
import type { TmUnit } from '../tmx/tmx.ts';
import { TM_FORMAT, TM_FORMAT_VERSION, mergeUnits } from '../tmx/tmx.ts';
import { writeFileDurable } from './durable-write.ts';
import { withLibraryLock } from './library-lock.ts';

export const GLOSSARY_FILE = 'glossary.json';
export const TM_IMPORTED_FILE = 'tm-imported.json';

const lang = z.enum(LANGUAGES);
const termText = z.string().min(1).max(1000);
const entrySchema = z.strictObject({
  id: z.string().min(1).max(200),
  terms: z.strictObject({ en: termText.optional(), ar: termText.optional(), ckb: termText.optional() }),
  note: z.string().max(10_000).optional(),
});
const glossaryEnvelopeSchema = z.object({
  format: z.literal(GLOSSARY_FORMAT),
  version: z.literal(GLOSSARY_FORMAT_VERSION),
  entries: z.array(entrySchema),
});
const unitSchema = z.strictObject({
  sourceLang: lang,
  targetLang: lang,
  source: z.string(),
  target: z.string(),
  origin: z.string().optional(),
  changedBy: z.string().max(500).optional(),
  changedAt: z.string().max(64).optional(),
});
const tmEnvelopeSchema = z.object({
  format: z.literal(TM_FORMAT),
  version: z.literal(TM_FORMAT_VERSION),
  units: z.array(unitSchema),
});

async function readEnvelope<T>(file: string, spec: EnvelopeSpec<T>): Promise<T | null> {
  let raw: string;
  try {
    raw = await fsPromises.readFile(file, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = parseEnvelope(raw, path.basename(file), spec);
  if (!parsed.ok)
    throw new PirdError(parsed.code === 'newer-version' ? 'newer-version' : 'unreadable', parsed.reason);
  return parsed.value;
}

function cleanEntry(entry: z.infer<typeof entrySchema>): GlossaryEntry {
  const terms: GlossaryEntry['terms'] = {};
  for (const l of LANGUAGES) {
    const term = entry.terms[l];
    if (term !== undefined) terms[l] = term;
  }
  return { id: entry.id, terms, ...(entry.note !== undefined ? { note: entry.note } : {}) };
}

export async function readGlossary(libraryDir: string): Promise<Glossary> {
  const value = await readEnvelope(path.join(libraryDir, GLOSSARY_FILE), {
    format: GLOSSARY_FORMAT,
    currentVersion: GLOSSARY_FORMAT_VERSION,
    migrations: {},
    schema: glossaryEnvelopeSchema,
    description: 'glossary file',
  });
  return { entries: (value?.entries ?? []).map(cleanEntry) };
}

async function writeGlossary(libraryDir: string, glossary: Glossary): Promise<void> {
  await writeFileDurable(
    path.join(libraryDir, GLOSSARY_FILE),
    serializeEnvelope(GLOSSARY_FORMAT, GLOSSARY_FORMAT_VERSION, { entries: glossary.entries }),
  );
}

export interface GlossaryImportResult {
  added: number;
  updated: number;
  total: number;
}

/** Merges imported entries into the stored glossary (glossary.ts mergeEntries), under the lock. */
export async function importGlossaryEntries(
  libraryDir: string,
  incoming: Omit<GlossaryEntry, 'id'>[],
): Promise<GlossaryImportResult> {
  return withLibraryLock(libraryDir, async () => {
    const merged = mergeEntries(await readGlossary(libraryDir), incoming, () => `g-${randomUUID()}`);
    for (const entry of merged.glossary.entries) entrySchema.parse(entry);
    await writeGlossary(libraryDir, merged.glossary);
    return { added: merged.added, updated: merged.updated, total: merged.glossary.entries.length };
  });
}

/** Saves one entry (new when `id` is null; glossary.ts saveEntry), under the lock: the glossary now. */
export async function saveGlossaryEntry(
  libraryDir: string,
  id: string | null,
  edit: EntryEdit,
): Promise<{ entry: GlossaryEntry; glossary: Glossary }> {
  return withLibraryLock(libraryDir, async () => {
    const saved = saveEntry(await readGlossary(libraryDir), id, edit, () => `g-${randomUUID()}`);
    entrySchema.parse(saved.entry);
    await writeGlossary(libraryDir, saved.glossary);
    return saved;
  });
}

/** Removes one entry, under the lock: the glossary now. */
export async function removeGlossaryEntry(libraryDir: string, id: string): Promise<Glossary> {
  return withLibraryLock(libraryDir, async () => {
    const glossary = removeEntry(await readGlossary(libraryDir), id);
    await writeGlossary(libraryDir, glossary);
    return glossary;
  });
}

export async function readImportedTm(libraryDir: string): Promise<TmUnit[]> {
  const value = await readEnvelope(path.join(libraryDir, TM_IMPORTED_FILE), {
    format: TM_FORMAT,
    currentVersion: TM_FORMAT_VERSION,
    // Version 2 added who and when per pair (optional): a version-1 file reads as it is.
    migrations: { 1: (v1) => ({ ...v1, version: 2 }) },
    schema: tmEnvelopeSchema,
    description: 'translation memory file',
  });
  return (value?.units ?? []).map((u) => ({
    sourceLang: u.sourceLang,
    targetLang: u.targetLang,
    source: u.source,
    target: u.target,
    ...(u.origin !== undefined ? { origin: u.origin } : {}),
    ...(u.changedBy !== undefined ? { changedBy: u.changedBy } : {}),
    ...(u.changedAt !== undefined ? { changedAt: u.changedAt } : {}),
  }));
}

export interface TmImportResult {
  /** Pairs in the file. */
  units: number;
  /** Pairs not stored before. */
  added: number;
  /** Imported pairs stored in the library now. */
  total: number;
}

/**
 * Empties the imported memory, under the lock: how many pairs it held. A file this Pird cannot read
 * (damaged, or from a newer Pird) is moved aside under a new name, never deleted: `setAside`.
 */
export async function clearImportedTm(
  libraryDir: string,
): Promise<{ removed: number; setAside: string | null }> {
  return withLibraryLock(libraryDir, async () => {
    let held: number;
    try {
      held = (await readImportedTm(libraryDir)).length;
    } catch (error) {
      if (!(error instanceof PirdError) || (error.code !== 'unreadable' && error.code !== 'newer-version'))
        throw error;
      const aside = `tm-imported.set-aside-${Date.now()}.json`;
      await fsPromises.rename(path.join(libraryDir, TM_IMPORTED_FILE), path.join(libraryDir, aside));
      return { removed: 0, setAside: aside };
    }
    if (held > 0)
      await writeFileDurable(
        path.join(libraryDir, TM_IMPORTED_FILE),
        serializeEnvelope(TM_FORMAT, TM_FORMAT_VERSION, { units: [] }),
      );
    return { removed: held, setAside: null };
  });
}

export async function importTmUnits(libraryDir: string, incoming: TmUnit[]): Promise<TmImportResult> {
  return withLibraryLock(libraryDir, async () => {
    const merged = mergeUnits(await readImportedTm(libraryDir), incoming);
    await writeFileDurable(
      path.join(libraryDir, TM_IMPORTED_FILE),
      serializeEnvelope(TM_FORMAT, TM_FORMAT_VERSION, { units: merged.units }),
    );
    return { units: incoming.length, added: merged.added, total: merged.units.length };
  });
}
