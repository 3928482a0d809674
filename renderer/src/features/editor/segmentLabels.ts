import type { TFunction } from 'i18next';
import type { Segment } from '../../../../electron/core/contract';

/** "Kicker", "Headline", "Dateline", "Summary", "Paragraph 3": paragraphs are numbered among paragraphs. */
export function segmentLabels(segments: readonly Pick<Segment, 'kind'>[], t: TFunction): string[] {
  let paragraph = 0;
  return segments.map((segment) => {
    if (segment.kind === 'paragraph') {
      paragraph += 1;
      return t('article.paragraphNumber', { number: paragraph });
    }
    return t(`article.${segment.kind}`);
  });
}
