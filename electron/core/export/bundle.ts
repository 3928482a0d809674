// One article's bundle, in memory: every file's bytes and the manifest that lists them with their
// sha256 and size. Pure and deterministic: the same article, options and fonts give the same bytes
// (nothing reads the clock; the date comes in through the options).
//
//   manifest.json   <lng>/index.html   <lng>/article.md   <lng>/ninjs.json   media/<sha256>.<ext>
import type { Article, Lang } from '../model.ts';
import type { QaFinding, QaSummary } from '../qa/qa.ts';
import type { ExportOptions } from './document.ts';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, GENERATOR_NAME, groupId } from './document.ts';
import { jsonFile } from './escape.ts';
import type { EmbeddedFont } from './html.ts';
import { htmlPrefix, htmlRest } from './html.ts';
import { renderMarkdown } from './markdown.ts';
import { buildNinjs } from './ninjs.ts';
import type { BundleMedia } from './figures.ts';
import { mediaBundlePath } from './figures.ts';

export const MANIFEST_FILE = 'manifest.json';

export interface BundleFile {
  /** Relative, '/'-separated. */
  path: string;
  /**
   * The content in pieces. A page's first piece is the prefix all pages of its language share
   * (the same Uint8Array object), so writers and hashers can treat it once.
   */
  chunks: readonly Uint8Array[];
  size: number;
}

/** SHA-256 (hex) of a file's pieces; the Node exporter passes one that remembers shared prefixes. */
export type Sha256 = (chunks: readonly Uint8Array[]) => Promise<string> | string;

export interface ManifestFileEntry {
  path: string;
  sha256: string;
  size: number;
}

/** An error finding exported anyway ("export anyway"), as recorded in the manifest. */
export interface QaOverride {
  lang: QaFinding['lang'];
  segmentId: string;
  code: QaFinding['code'];
  message: string;
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  version: typeof BUNDLE_FORMAT_VERSION;
  articleId: string;
  groupId: string;
  slug: string;
  sourceLang: Article['sourceLang'];
  languages: string[];
  date: string;
  revision: number;
  files: ManifestFileEntry[];
  qa: QaSummary;
  overrides: QaOverride[];
  generator: { name: string; version: string };
}

export interface BuiltBundle {
  slug: string;
  manifest: BundleManifest;
  /** manifest.json first, then the listed files in path order. */
  files: BundleFile[];
}

export interface BundleInput {
  article: Article;
  options: ExportOptions;
  fonts: readonly EmbeddedFont[];
  /** QA of the exported languages. */
  qa: { summary: QaSummary; findings: readonly QaFinding[] };
  sha256?: Sha256;
  /** The files of the article's images (each once); without them the bundle has no media/. */
  media?: readonly BundleMedia[];
}

const encoder = new TextEncoder();

/** The pieces as one array (zip entries, tests). */
export function fileBytes(file: BundleFile): Uint8Array {
  if (file.chunks.length === 1) return file.chunks[0]!;
  const out = new Uint8Array(file.size);
  let at = 0;
  for (const chunk of file.chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** Web Crypto SHA-256: works wherever the core runs (Node, Electron, a browser). */
export async function sha256Hex(chunks: readonly Uint8Array[]): Promise<string> {
  const bytes = fileBytes({ path: '', chunks, size: chunks.reduce((sum, c) => sum + c.length, 0) });
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

// The encoded page prefix per font set and language (see htmlPrefix).
const prefixes = new WeakMap<readonly EmbeddedFont[], Map<Lang, Uint8Array>>();

function encodedPrefix(lang: Lang, fonts: readonly EmbeddedFont[]): Uint8Array {
  let byLang = prefixes.get(fonts);
  if (byLang === undefined) {
    byLang = new Map();
    prefixes.set(fonts, byLang);
  }
  let prefix = byLang.get(lang);
  if (prefix === undefined) {
    prefix = encoder.encode(htmlPrefix(lang, fonts));
    byLang.set(lang, prefix);
  }
  return prefix;
}

function textFile(path: string, text: string): BundleFile {
  const bytes = encoder.encode(text);
  return { path, chunks: [bytes], size: bytes.length };
}

/**
 * A bundle file before it is encoded: text, after the prefix its language's pages share (pages
 * only), or bytes (images). Writers that stream (export-worker-folder.ts) encode one at a time.
 */
export type RenderedFile =
  { path: string; prefix?: Uint8Array; text: string } | { path: string; bytes: Uint8Array };

/** Every file of the bundle but the manifest, in path order. */
export function renderBundleFiles({
  article,
  options,
  fonts,
  media = [],
}: Pick<BundleInput, 'article' | 'options' | 'fonts' | 'media'>): RenderedFile[] {
  const files: RenderedFile[] = [];
  const mediaPaths = new Set<string>();
  for (const file of media) {
    const mediaPath = mediaBundlePath(file.sha256, file.mime);
    if (mediaPaths.has(mediaPath)) continue;
    mediaPaths.add(mediaPath);
    files.push({ path: mediaPath, bytes: file.bytes });
  }
  for (const lang of options.langs) {
    files.push(
      { path: `${lang}/article.md`, text: renderMarkdown(article, lang, options) },
      {
        path: `${lang}/index.html`,
        prefix: encodedPrefix(lang, fonts),
        text: htmlRest({ article, lang, options }),
      },
      { path: `${lang}/ninjs.json`, text: jsonFile(buildNinjs(article, lang, options)) },
    );
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A rendered file's bytes (encoded here, into new arrays). */
function encodeRendered(file: RenderedFile): BundleFile {
  if ('bytes' in file) return { path: file.path, chunks: [file.bytes], size: file.bytes.length };
  if (file.prefix === undefined) return textFile(file.path, file.text);
  const rest = encoder.encode(file.text);
  return { path: file.path, chunks: [file.prefix, rest], size: file.prefix.length + rest.length };
}

/** manifest.json's content, given every other file's entry (in path order). */
export function manifestText(
  { article, options, qa }: Pick<BundleInput, 'article' | 'options' | 'qa'>,
  entries: ManifestFileEntry[],
): { manifest: BundleManifest; text: string } {
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_FORMAT_VERSION,
    articleId: article.id,
    groupId: groupId(article),
    slug: options.slug,
    sourceLang: article.sourceLang,
    languages: [...options.langs],
    date: options.date,
    revision: article.revision,
    files: entries,
    qa: qa.summary,
    overrides: qa.findings
      .filter((f) => f.severity === 'error')
      .map((f) => ({ lang: f.lang, segmentId: f.segmentId, code: f.code, message: f.message })),
    generator: { name: GENERATOR_NAME, version: options.generatorVersion },
  };
  return { manifest, text: jsonFile(manifest) };
}

export async function buildBundle(input: BundleInput): Promise<BuiltBundle> {
  const sha256 = input.sha256 ?? sha256Hex;
  const files = renderBundleFiles(input).map(encodeRendered);
  const entries: ManifestFileEntry[] = [];
  for (const file of files)
    entries.push({ path: file.path, sha256: await sha256(file.chunks), size: file.size });
  const { manifest, text } = manifestText(input, entries);
  return { slug: input.options.slug, manifest, files: [textFile(MANIFEST_FILE, text), ...files] };
}

/** Reads a manifest found on disk (or in a zip): only its identity matters, to decide whether a bundle is ours. */
export function bundleArticleId(manifestText: string): string | null {
  try {
    const value = JSON.parse(manifestText) as { format?: unknown; articleId?: unknown };
    return value.format === BUNDLE_FORMAT && typeof value.articleId === 'string' ? value.articleId : null;
  } catch {
    return null;
  }
}
