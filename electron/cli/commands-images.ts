// `pird image add|list|set|remove|move`: an article's images, over the same handler table as the app.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Article, Lang } from '../core/contract.ts';
import { LANGUAGES } from '../core/contract.ts';
import { IMAGE_MAX_BYTES, articleImages } from '../core/images/images.ts';
import { parseCommandArgs, UsageError, userPath } from './args.ts';
import { CommandFailed, USAGE_EXIT, call, libraryOption, openTable, print } from './common.ts';

export const IMAGE_USAGE = `  image add    [--library DIR] ID FILE [--caption-en|-ar|-ckb TEXT] [--alt-en|-ar|-ckb TEXT] [--json]
               adds a JPEG, PNG, WebP or GIF (at most 25 MB) to the article; prints its image id
  image list   [--library DIR] ID [--json]          the article's images in order, with captions and alt texts
  image set    [--library DIR] ID IMAGE [--caption-LNG TEXT] [--alt-LNG TEXT] [--json]
  image remove [--library DIR] ID IMAGE [--json]
  image move   [--library DIR] ID IMAGE --to N [--json]   N counts from 0`;

const textOptions = Object.fromEntries(
  LANGUAGES.flatMap((lang) => [
    [`caption-${lang}`, { type: 'string' }],
    [`alt-${lang}`, { type: 'string' }],
  ]),
) as Record<`${'caption' | 'alt'}-${Lang}`, { type: 'string' }>;

function textsFrom(values: Record<string, unknown>, kind: 'caption' | 'alt') {
  const out: Partial<Record<Lang, string>> = {};
  for (const lang of LANGUAGES) {
    const value = values[`${kind}-${lang}`];
    if (typeof value === 'string') out[lang] = value;
  }
  return Object.keys(out).length > 0 ? { [kind]: out } : {};
}

export function formatImages(article: Article): string {
  const images = articleImages(article);
  if (images.length === 0) return `${article.id} has no images.`;
  const lines: string[] = [];
  images.forEach((image, index) => {
    const size = image.width !== null && image.height !== null ? `${image.width}×${image.height}, ` : '';
    lines.push(
      `${index}  ${image.id}  ${image.name}  (${image.mime}, ${size}${image.bytes} bytes)  media/${image.file}`,
    );
    for (const lang of LANGUAGES) {
      lines.push(`     ${lang.padEnd(3)} caption: ${image.caption[lang] || '—'}`);
      lines.push(`         alt:     ${image.alt[lang] || '—'}`);
    }
  });
  return lines.join('\n');
}

function positionalArgs(positionals: string[], names: string[]): string[] {
  if (positionals.length !== names.length) {
    throw new UsageError(`expected ${names.join(' ')}, got ${positionals.length} argument(s)`);
  }
  return positionals;
}

const subcommands: Record<string, (argv: string[]) => Promise<void>> = {
  async add(argv) {
    const { values, positionals } = parseCommandArgs(argv, { ...libraryOption, ...textOptions });
    const [id, file] = positionalArgs(positionals, ['ID', 'FILE']) as [string, string];
    let bytes: Buffer;
    try {
      const stat = await fs.stat(userPath(file));
      if (stat.size > IMAGE_MAX_BYTES) {
        throw new CommandFailed(
          `${file} is ${(stat.size / 1048576).toFixed(1)} MB; images are limited to ${IMAGE_MAX_BYTES / 1048576} MB`,
          USAGE_EXIT,
        );
      }
      bytes = await fs.readFile(userPath(file));
    } catch (error) {
      if (error instanceof CommandFailed) throw error;
      throw new CommandFailed(`cannot read ${file}: ${(error as Error).message}`, USAGE_EXIT);
    }
    const { table } = await openTable(values.library, 'cli');
    const article = await call(table, 'images.add', {
      articleId: id,
      name: path.basename(file),
      dataBase64: bytes.toString('base64'),
      ...textsFrom(values, 'caption'),
      ...textsFrom(values, 'alt'),
    });
    const added = articleImages(article).at(-1)!;
    print(values.json, added, () => added.id);
  },

  async list(argv) {
    const { values, positionals } = parseCommandArgs(argv, libraryOption);
    const [id] = positionalArgs(positionals, ['ID']) as [string];
    const { table } = await openTable(values.library, 'cli');
    const article = await call(table, 'articles.get', { id });
    print(values.json, articleImages(article), () => formatImages(article));
  },

  async set(argv) {
    const { values, positionals } = parseCommandArgs(argv, { ...libraryOption, ...textOptions });
    const [id, imageId] = positionalArgs(positionals, ['ID', 'IMAGE']) as [string, string];
    const texts = { ...textsFrom(values, 'caption'), ...textsFrom(values, 'alt') };
    if (Object.keys(texts).length === 0) throw new UsageError('image set needs --caption-LNG or --alt-LNG');
    const { table } = await openTable(values.library, 'cli');
    const article = await call(table, 'images.update', { articleId: id, imageId, ...texts });
    print(values.json, article, () => formatImages(article));
  },

  async remove(argv) {
    const { values, positionals } = parseCommandArgs(argv, libraryOption);
    const [id, imageId] = positionalArgs(positionals, ['ID', 'IMAGE']) as [string, string];
    const { table } = await openTable(values.library, 'cli');
    const article = await call(table, 'images.remove', { articleId: id, imageId });
    print(values.json, article, () => `removed ${imageId} from ${id}`);
  },

  async move(argv) {
    const { values, positionals } = parseCommandArgs(argv, { ...libraryOption, to: { type: 'string' } });
    const [id, imageId] = positionalArgs(positionals, ['ID', 'IMAGE']) as [string, string];
    const toIndex = Number(values.to);
    if (values.to === undefined || !Number.isInteger(toIndex) || toIndex < 0)
      throw new UsageError('image move needs --to N (0 or more)');
    const { table } = await openTable(values.library, 'cli');
    const article = await call(table, 'images.move', { articleId: id, imageId, toIndex });
    print(values.json, article, () => formatImages(article));
  },
};

export const imageCommands: Record<string, (argv: string[]) => Promise<void>> = {
  async image(argv) {
    const [sub, ...rest] = argv;
    const run = sub === undefined ? undefined : subcommands[sub];
    if (run === undefined) throw new UsageError(`image needs one of: ${Object.keys(subcommands).join(', ')}`);
    await run(rest);
  },
};
