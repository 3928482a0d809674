// An article's images in a bundle: each file once under `media/<sha256>.<ext>` (named by content,
// never by the name the user's file had), and per language the figure every output shows: the
// image with that language's alt text and caption. An empty alt text stays empty (QA warns about
// it); another language's text would be read out in the wrong language.
import { IMAGE_EXTENSION, articleImages } from '../images/images.ts';
import type { Article, ArticleImage, ImageMime, Lang } from '../model.ts';
import type { ExportOptions } from './document.ts';
import { groupId } from './document.ts';

export const MEDIA_BUNDLE_DIR = 'media';

/** The bytes of one image file for a bundle (read from the library's media store by the Node side). */
export interface BundleMedia {
  sha256: string;
  mime: ImageMime;
  bytes: Uint8Array;
}

export interface Figure {
  image: ArticleImage;
  /** `media/<sha256>.<ext>`, relative to the bundle. */
  bundlePath: string;
  /** The same from a `<lng>/` file (index.html, article.md). */
  relativeSrc: string;
  alt: string;
  caption: string;
}

export function mediaBundlePath(sha256: string, mime: ImageMime): string {
  return `${MEDIA_BUNDLE_DIR}/${sha256}.${IMAGE_EXTENSION[mime]}`;
}

/** The figures of one language, in the article's image order. */
export function figuresOf(article: Article, lang: Lang): Figure[] {
  // Loops rather than map in this module: see buildNinjs in ninjs.ts.
  const figures: Figure[] = [];
  for (const image of articleImages(article)) {
    const bundlePath = mediaBundlePath(image.sha256, image.mime);
    figures.push({
      image,
      bundlePath,
      relativeSrc: `../${bundlePath}`,
      alt: image.alt[lang].trim(),
      caption: image.caption[lang].trim(),
    });
  }
  return figures;
}

/** ninjs: the image's public address under the base URL, else a stable urn of Pird's own. */
export function imageUri(figure: Figure, options: ExportOptions): string {
  return options.baseUrl === null
    ? `urn:pird:media:${figure.image.sha256}`
    : `${options.baseUrl}/${figure.bundlePath}`;
}

/** ninjs `associations` entries for the images: a picture each, with its one rendition. */
export function ninjsImageAssociations(
  article: Article,
  lang: Lang,
  options: ExportOptions,
  text: (value: string) => string,
): Record<string, unknown>[] {
  const associations: Record<string, unknown>[] = [];
  for (const [index, figure] of figuresOf(article, lang).entries()) {
    const { image } = figure;
    const descriptions: { role: string; contentType: string; value: string }[] = [];
    if (figure.caption)
      descriptions.push({ role: 'caption', contentType: 'text/plain', value: text(figure.caption) });
    if (figure.alt) descriptions.push({ role: 'alt', contentType: 'text/plain', value: text(figure.alt) });
    const rendition: Record<string, unknown> = { name: 'original' };
    // ninjs wants an absolute URI here; without a base URL the file is named in altIds instead.
    if (options.baseUrl !== null) rendition.href = imageUri(figure, options);
    rendition.contentType = image.mime;
    if (image.width !== null) rendition.width = image.width;
    if (image.height !== null) rendition.height = image.height;
    rendition.sizeInBytes = image.bytes;
    associations.push({
      // Superdesk's name for an article's lead picture; the others are numbered.
      name: index === 0 ? 'featuremedia' : `image-${index + 1}`,
      rel: index === 0 ? 'featuremedia' : 'image',
      uri: imageUri(figure, options),
      type: 'picture',
      language: lang,
      ...(descriptions.length > 0 ? { descriptions } : {}),
      renditions: [rendition],
      altIds: [
        { role: 'pird:image', value: image.id },
        { role: 'pird:bundle-file', value: figure.bundlePath },
        { role: 'pird:sha256', value: image.sha256 },
        { role: 'pird:translation-group', value: groupId(article) },
      ],
    });
  }
  return associations;
}
