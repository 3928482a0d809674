// Decoding UTF-8 file contents. Node 20's `buffer.toString('utf8')` goes through V8's UTF-8
// decoder, which is slow on Arabic-script text (every character takes two bytes, none takes the
// ASCII fast path): an export's thousand article files (21 MB) took ~50 ms. ICU's converter,
// behind `buffer.transcode`, turns the same bytes into UTF-16 in ~11 ms, and a UTF-16 buffer becomes
// a string by a plain copy. It refuses bytes that are not valid UTF-8; those (a damaged file) are
// decoded the usual way, with U+FFFD for what cannot be read, so the result is always the same as
// `toString('utf8')`.
import buffer from 'node:buffer';

// Absent from a Node built without ICU: then every decoding is the usual one.
const transcode = typeof buffer.transcode === 'function' ? buffer.transcode : null;

/**
 * Larger inputs are decoded the usual way: the UTF-16 copy doubles what a file takes while it is
 * decoded. Large files (the list's cache, the search index, sync files) are read with
 * `readFile(file, 'utf8')` instead, which frees its bytes at once: reading the 12 MB list cache
 * of 10,000 articles as a buffer kept that buffer until the next collection and raised the
 * browser host's peak memory by 12 MB (measured). An article file takes tens of kilobytes.
 */
const TRANSCODE_MAX_BYTES = 1 << 20;

/** `bytes` decoded as UTF-8, exactly as `Buffer.from(bytes).toString('utf8')` would (a BOM is kept). */
export function decodeUtf8(bytes: Uint8Array): string {
  const view = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (transcode !== null && view.length > 0 && view.length <= TRANSCODE_MAX_BYTES) {
    try {
      return transcode(view, 'utf8', 'utf16le').toString('utf16le');
    } catch {
      // Not valid UTF-8: decoded below, with replacement characters.
    }
  }
  return view.toString('utf8');
}
