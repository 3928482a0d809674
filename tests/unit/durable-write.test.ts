import fs from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { describe, expect, it, afterAll } from 'vitest';
import type { DurableFs } from '../../electron/core/node/durable-write.ts';
import { DurableJsonFile, isTempFileName, writeFileDurable } from '../../electron/core/node/durable-write.ts';
import { makeTempDir, removeTempDirs } from './fixtures/library-fixtures.ts';

afterAll(removeTempDirs);

function failingFs(code: string, when: 'open' | 'write' | 'sync' | 'rename'): DurableFs {
  const fail = (): never => {
    throw Object.assign(new Error(`${code}: simulated failure`), { code });
  };
  return {
    rename: (from, to) =>
      when === 'rename' ? Promise.reject(Object.assign(new Error(code), { code })) : fs.rename(from, to),
    unlink: (p) => fs.unlink(p),
    open: (async (file: string, flags?: string, mode?: number) => {
      if (when === 'open' && flags === 'wx') fail();
      const handle = await fs.open(file, flags, mode);
      if (flags !== 'wx') return handle;
      return new Proxy(handle, {
        get(target, property, receiver) {
          if (property === 'writeFile' && when === 'write') {
            // Half the data reaches the disk, then it is full.
            return async (data: string) => {
              await target.writeFile(data.slice(0, data.length / 2));
              fail();
            };
          }
          if (property === 'sync' && when === 'sync')
            return () => Promise.reject(Object.assign(new Error(code), { code }));
          const value: unknown = Reflect.get(target, property, receiver);
          return typeof value === 'function'
            ? (value as (...args: unknown[]) => unknown).bind(target)
            : value;
        },
      });
    }) as DurableFs['open'],
  };
}

describe('writeFileDurable', () => {
  it('replaces the file and leaves no temp file', async () => {
    const dir = await makeTempDir();
    const file = path.join(dir, 'a.json');
    await writeFileDurable(file, 'one');
    await writeFileDurable(file, 'two');
    expect(await fs.readFile(file, 'utf8')).toBe('two');
    expect(await fs.readdir(dir)).toEqual(['a.json']);
  });

  it.each([
    ['ENOSPC', 'write'],
    ['EDQUOT', 'sync'],
    ['EACCES', 'open'],
    ['EIO', 'rename'],
  ] as const)(
    'leaves the previous content intact and no temp file when %s happens at %s, and passes the error on',
    async (code, when) => {
      const dir = await makeTempDir();
      const file = path.join(dir, 'article.json');
      await writeFileDurable(file, 'previous content');
      await expect(
        writeFileDurable(file, 'new content '.repeat(1000), failingFs(code, when)),
      ).rejects.toMatchObject({ code });
      expect(await fs.readFile(file, 'utf8')).toBe('previous content');
      expect(await fs.readdir(dir)).toEqual(['article.json']);
    },
  );

  it('names temp files so the library can recognise leftovers', () => {
    expect(isTempFileName('.seed.json.1234.a1b2c3d4e5f6.tmp')).toBe(true);
    expect(isTempFileName('seed.json')).toBe(false);
    expect(isTempFileName('.lock')).toBe(false);
  });
});

describe('DurableJsonFile (lowdb adapter)', () => {
  it('works as a lowdb adapter: defaults for a missing file, parse on read, durable write', async () => {
    const dir = await makeTempDir();
    const file = path.join(dir, 'settings.json');
    const parse = (raw: string): { count: number } => {
      const data = JSON.parse(raw) as { count?: unknown };
      if (typeof data.count !== 'number') throw new Error('bad file');
      return { count: data.count };
    };
    const db = new Low(new DurableJsonFile(file, { parse }), { count: 0 });
    await db.read();
    expect(db.data).toEqual({ count: 0 });
    await db.update((data) => {
      data.count += 2;
    });
    const again = new Low(new DurableJsonFile(file, { parse }), { count: 0 });
    await again.read();
    expect(again.data).toEqual({ count: 2 });
    expect(await fs.readFile(file, 'utf8')).toBe('{\n  "count": 2\n}\n');
    await fs.writeFile(file, '{"count":"x"}');
    await expect(again.read()).rejects.toThrow('bad file');
  });
});
