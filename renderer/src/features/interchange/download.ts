// Files the core hands back as text (XLIFF, TMX, CSV, TBX) are saved through the browser's own
// download: a Blob URL and an <a download>. This works in the browser host and in Electron, where
// the main process shows the save dialog, and never gives the page a path on disk.

/** The MIME type of an interchange file, from its name (the core chooses the extension). */
export function mimeTypeOf(fileName: string): string {
  if (/\.csv$/i.test(fileName)) return 'text/csv;charset=utf-8';
  if (/\.(xlf|xliff)$/i.test(fileName)) return 'application/xliff+xml;charset=utf-8';
  return 'application/xml;charset=utf-8';
}

export function downloadText(fileName: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mimeTypeOf(fileName) }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in Chromium before it has read the Blob.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * The article an XLIFF file names (`<file original="pird:article:<id>">`), read without parsing the
 * XML: the core parses it for real (no DTD, no entities). null when the file does not say.
 */
export function xliffArticleId(content: string): string | null {
  const match = /<file\b[^>]*?\soriginal\s*=\s*"pird:article:([^"]*)"/.exec(content);
  if (!match || match[1] === undefined) return null;
  try {
    return decodeXmlAttribute(match[1]);
  } catch {
    return null; // a character reference beyond Unicode: let the core say what is wrong
  }
}

function decodeXmlAttribute(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&#([0-9]+);/g, (_, code: string) => String.fromCodePoint(parseInt(code, 10)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
