// SHA-256 for bundle manifests, with Node's crypto: every ar/ckb page starts with the same ~100 KB
// prefix (the embedded fonts), so the hash state after each shared first piece is kept and copied,
// and every page costs only its own bytes.
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';

/** SHA-256 (hex) of a file's pieces, synchronously: streaming writers hash a file just before writing it. */
export type SyncSha256 = (chunks: readonly Uint8Array[]) => string;

export function cachedSha256(): SyncSha256 {
  const afterPrefix = new WeakMap<Uint8Array, Hash>();
  return (chunks: readonly Uint8Array[]): string => {
    let hash: Hash;
    let rest = chunks;
    const first = chunks[0];
    if (chunks.length > 1 && first !== undefined) {
      let base = afterPrefix.get(first);
      if (base === undefined) {
        base = createHash('sha256').update(first);
        afterPrefix.set(first, base);
      }
      hash = base.copy();
      rest = chunks.slice(1);
    } else {
      hash = createHash('sha256');
    }
    for (const chunk of rest) hash.update(chunk);
    return hash.digest('hex');
  };
}
