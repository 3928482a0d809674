import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QaFinding, SegmentKind } from '../../../../electron/core/contract';
import { useApp } from '../../api/context.ts';
import { segmentLabels } from '../editor/segmentLabels.ts';

/** Articles whose segment labels a report fetches at most (a report on a large edition stays quick). */
const MAX_ARTICLES = 50;

type Outline = { id: string; kind: SegmentKind }[];

/**
 * Labels ("Paragraph 4", "Headline") for the findings of articles that are not open: their segment
 * outlines are fetched once, the labels follow the UI language.
 */
export function useSegmentLabels(findings: readonly QaFinding[]): (finding: QaFinding) => string {
  const { t } = useTranslation();
  const { client } = useApp();
  const [outlines, setOutlines] = useState<ReadonlyMap<string, Outline>>(new Map());
  const wanted = useMemo(
    () => [...new Set(findings.map((f) => f.articleId))].slice(0, MAX_ARTICLES),
    [findings],
  );

  useEffect(() => {
    let live = true;
    const missing = wanted.filter((id) => !outlines.has(id));
    if (missing.length === 0) return;
    void Promise.all(
      missing.map(async (id): Promise<[string, Outline]> => {
        const result = await client.invoke('articles.get', { id });
        return [id, result.ok ? result.value.segments.map((s) => ({ id: s.id, kind: s.kind })) : []];
      }),
    ).then((entries) => {
      if (!live) return;
      setOutlines((previous) => new Map([...previous, ...entries]));
    });
    return () => {
      live = false;
    };
  }, [client, wanted, outlines]);

  const labels = useMemo(() => {
    const map = new Map<string, string>();
    for (const [articleId, outline] of outlines) {
      const names = segmentLabels(outline, t);
      outline.forEach((segment, index) => map.set(`${articleId}\u0000${segment.id}`, names[index] ?? ''));
    }
    return map;
  }, [outlines, t]);

  return (finding) => labels.get(`${finding.articleId}\u0000${finding.segmentId}`) ?? '';
}
