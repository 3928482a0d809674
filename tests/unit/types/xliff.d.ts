// The npm `xliff` package ships no types: the part the XLIFF tests use as an independent reader.
declare module 'xliff' {
  export interface XliffJs {
    sourceLanguage: string;
    targetLanguage?: string;
    resources: Record<string, Record<string, { source: unknown; target?: unknown }>>;
  }
  export function xliff2js(xml: string): Promise<XliffJs>;
}
