// A Pird bundle (.pird, or the export's .zip) opened from the system: checked against its manifest,
// then turned into the corpus-JSON shape articles.import reads, so the article keeps its id (opening
// it again, or in the library it came from, updates the article rather than duplicating it).
//
// A bundle carries published text, not Pird's segments: each language's ninjs.json gives kicker,
// headline, dateline and the paragraphs that have text. Paragraphs align by position, so a
// language with a different number of paragraphs than the source (some not translated yet) cannot
// be placed and is left out rather than misaligned.
import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import { z } from 'zod';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION } from '../core/export/document.ts';
import { PirdError } from '../core/errors.ts';
import type { Lang } from '../core/model.ts';
import { LANGUAGES } from '../core/model.ts';
import type { ShellStrings } from './strings.ts';
import { fill } from './strings.ts';

export const BUNDLE_EXTENSIONS: readonly string[] = ['.pird', '.zip'];
/** A bundle is a few pages with embedded fonts: far below this once unpacked. A zip bomb is not. */
const MAX_UNPACKED_BYTES = 100_000_000;

const manifestSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_FORMAT_VERSION),
  articleId: z.string().min(1).max(200),
  sourceLang: z.enum(LANGUAGES),
  languages: z.array(z.enum(LANGUAGES)).min(1),
  files: z.array(z.object({ path: z.string(), sha256: z.string(), size: z.number().int().min(0) })),
});

const ninjsSchema = z.object({
  headlines: z.array(z.object({ role: z.string(), value: z.string() })).optional(),
  located: z.string().optional(),
  bodies: z.array(z.object({ contentType: z.string(), value: z.string() })).optional(),
});

interface LanguageTexts {
  kicker: string;
  headline: string;
  dateline: string;
  paragraphs: string[];
}

function parseJson(bytes: Uint8Array | undefined): unknown {
  if (bytes === undefined) return undefined;
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch {
    return undefined;
  }
}

function textsOf(ninjs: z.infer<typeof ninjsSchema>): LanguageTexts {
  const headline = (role: string) => ninjs.headlines?.find((h) => h.role === role)?.value ?? '';
  const body = ninjs.bodies?.find((b) => b.contentType === 'text/plain')?.value ?? '';
  return {
    kicker: headline('kicker'),
    headline: headline('main'),
    dateline: ninjs.located ?? '',
    paragraphs: body === '' ? [] : body.split('\n\n'),
  };
}

/** The bundle as one importable corpus-JSON file; a clear invalid-input error when it is not a whole bundle. */
export function articleFilesFromBundle(
  data: Uint8Array,
  fileName: string,
  strings: ShellStrings,
): { name: string; content: string } {
  const refuse = (reason: string): never => {
    throw new PirdError(
      'invalid-input',
      fill(strings.desktop.openFile.badBundle, { name: fileName, reason }),
    );
  };
  let unpacked = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(data, {
      filter: (file) => {
        unpacked += file.originalSize;
        if (unpacked > MAX_UNPACKED_BYTES) throw new Error('too large once unpacked');
        return true;
      },
    });
  } catch (error) {
    return refuse(error instanceof Error ? error.message : 'not a zip file');
  }
  const manifest = manifestSchema.safeParse(parseJson(files['manifest.json']));
  if (!manifest.success) return refuse('manifest.json is missing or not a Pird manifest');
  // Every file the manifest lists is there, whole: a half-copied bundle is not imported.
  for (const entry of manifest.data.files) {
    const bytes = files[entry.path];
    if (bytes === undefined) return refuse(`${entry.path} is missing`);
    if (bytes.length !== entry.size || createHash('sha256').update(bytes).digest('hex') !== entry.sha256)
      return refuse(`${entry.path} does not match its checksum`);
  }

  const languages: Partial<Record<Lang, LanguageTexts>> = {};
  for (const lang of manifest.data.languages) {
    const ninjs = ninjsSchema.safeParse(parseJson(files[`${lang}/ninjs.json`]));
    if (!ninjs.success) return refuse(`${lang}/ninjs.json is missing or unreadable`);
    languages[lang] = textsOf(ninjs.data);
  }
  const { sourceLang, articleId } = manifest.data;
  const reference = languages[sourceLang] ?? Object.values(languages)[0];
  if (reference === undefined) return refuse('it has no language');
  const aligned = Object.fromEntries(
    Object.entries(languages).filter(([, texts]) => texts.paragraphs.length === reference.paragraphs.length),
  );
  const corpus = {
    id: articleId,
    sourceLang: languages[sourceLang] ? sourceLang : undefined,
    languages: aligned,
  };
  return { name: `${fileName}.json`, content: JSON.stringify(corpus) };
}
