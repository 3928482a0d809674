// The QA of an article's images: an image without alt text in an exported language is a warning
// (readers using a screen reader get nothing for it), never an error: a missing description should
// not hold a story back, and the corpus QA stays exactly its planted errors.
import type { Article, Lang } from '../model.ts';
import type { QaFinding } from '../qa/qa.ts';
import { articleImages } from './images.ts';

export function imageFindings(article: Article, langs: readonly Lang[]): QaFinding[] {
  const findings: QaFinding[] = [];
  articleImages(article).forEach((image, index) => {
    for (const lang of langs) {
      if (image.alt[lang].trim() !== '') continue;
      findings.push({
        articleId: article.id,
        lang,
        // The image's id stands where a segment's would: the editor jumps to the image.
        segmentId: image.id,
        severity: 'warning',
        code: 'image-alt-missing',
        message: `${article.id} ${lang} image ${index + 1} (${image.name}): no alt text.`,
        detail: { imageId: image.id, position: index + 1, name: image.name },
      });
    }
  });
  return findings;
}
