// The Arabic-script font embedded in exported ar/ckb pages: Vazirmatn (SIL OFL 1.1) from
// @fontsource/vazirmatn, the arabic and latin subsets at 400 and 700 — the arabic subset covers
// Sorani's ڕ ڵ ێ ۆ ە ھ ک گ, ZWNJ and both digit sets. Read once per process.
import { createRequire } from 'node:module';
import fsPromises from 'node:fs/promises';
import path from 'node:path';
import { PirdError } from '../errors.ts';
import type { EmbeddedFont } from '../export/html.ts';

export const EXPORT_FONT_FAMILY = 'Vazirmatn';

// unicode-range of each subset, as @fontsource declares it (400.css).
const ARABIC_RANGE =
  'U+0600-06FF,U+0750-077F,U+0870-088E,U+0890-0891,U+0897-08E1,U+08E3-08FF,U+200C-200E,U+2010-2011,U+204F,U+2E41,U+FB50-FDFF,U+FE70-FE74,U+FE76-FEFC';
const LATIN_RANGE =
  'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD';

// Latin first: where ranges overlap (ZWNJ, the marks), the face declared last wins, so Arabic text
// keeps one font across a ZWNJ.
const FONT_FILES: { file: string; weight: 400 | 700; unicodeRange: string }[] = [
  { file: 'vazirmatn-latin-400-normal.woff2', weight: 400, unicodeRange: LATIN_RANGE },
  { file: 'vazirmatn-latin-700-normal.woff2', weight: 700, unicodeRange: LATIN_RANGE },
  { file: 'vazirmatn-arabic-400-normal.woff2', weight: 400, unicodeRange: ARABIC_RANGE },
  { file: 'vazirmatn-arabic-700-normal.woff2', weight: 700, unicodeRange: ARABIC_RANGE },
];

/** Where the font files are: the installed package (development, CLI, tests). */
export function defaultFontDir(): string | null {
  try {
    const require = createRequire(import.meta.url);
    return path.dirname(require.resolve(`@fontsource/vazirmatn/files/${FONT_FILES[0]!.file}`));
  } catch {
    return null;
  }
}

/**
 * Reads `file` from `dir`, or its content-hashed copy that a Vite build emits
 * (`vazirmatn-arabic-400-normal-DMZFCm7K.woff2` in the renderer's assets), so a packaged app can
 * point fontDir at the renderer build it already ships.
 */
async function readFont(dir: string, file: string): Promise<Buffer> {
  try {
    return await fsPromises.readFile(path.join(dir, file));
  } catch (error) {
    const stem = file.slice(0, -'.woff2'.length);
    const names = await fsPromises.readdir(dir).catch(() => [] as string[]);
    const hashed = names
      .filter((n) => n.startsWith(`${stem}-`) && /^-[A-Za-z0-9_-]+\.woff2$/.test(n.slice(stem.length)))
      .sort();
    if (hashed[0] !== undefined) return fsPromises.readFile(path.join(dir, hashed[0]));
    throw new PirdError('internal', `Cannot read the font ${file} in ${dir}: ${(error as Error).message}`);
  }
}

const cache = new Map<string, Promise<EmbeddedFont[]>>();

/**
 * The fonts to embed, from `fontDir` (a packaged app passes its resources folder) or the installed
 * package. Fails with a clear error rather than exporting RTL pages without their font.
 */
export function loadExportFonts(fontDir?: string): Promise<EmbeddedFont[]> {
  const dir = fontDir ?? defaultFontDir();
  if (dir === null) {
    return Promise.reject(
      new PirdError(
        'internal',
        'The Vazirmatn font files (@fontsource/vazirmatn) are missing: reinstall Pird.',
      ),
    );
  }
  let fonts = cache.get(dir);
  if (fonts === undefined) {
    fonts = Promise.all(
      FONT_FILES.map(async ({ file, weight, unicodeRange }) => {
        const bytes = await readFont(dir, file);
        return { family: EXPORT_FONT_FAMILY, weight, unicodeRange, base64: bytes.toString('base64') };
      }),
    );
    void fonts.catch(() => cache.delete(dir));
    cache.set(dir, fonts);
  }
  return fonts;
}
