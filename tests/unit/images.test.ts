// An article's images: what a file is (by its bytes), the media store, the article file, the
// images.* channels and how the browser host serves an image.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../electron/core/article-ops.ts';
import type { ApiResult, Article, Channel, RequestOf } from '../../electron/core/contract.ts';
import { parseArticleFile, serializeArticleFile } from '../../electron/core/envelope.ts';
import { createHandlers, dispatch } from '../../electron/core/handlers.ts';
import { IMAGE_MAX_BYTES, addImage, sniffImage } from '../../electron/core/images/images.ts';
import { Library } from '../../electron/core/node/library.ts';
import { describeImageBytes, readMedia, storeImage } from '../../electron/core/node/media-store.ts';
import { startHost } from '../../electron/host/server.ts';
import type { RunningHost } from '../../electron/host/server.ts';
import { makeTempDir, removeTempDirs } from './fixtures/library-fixtures.ts';
import { runPird } from './helpers/cli.ts';
import { tinyPng } from './helpers/tiny-png.ts';

afterAll(removeTempDirs);

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function jpeg(width: number, height: number): Buffer {
  // SOI, an APP0 segment, then SOF0 with the size: what a camera file starts with.
  const app0 = [0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const sof0 = [0xff, 0xc0, 0x00, 0x11, 8, height >> 8, height & 255, width >> 8, width & 255, 3];
  return Buffer.from([0xff, 0xd8, ...app0, ...sof0, ...new Array<number>(9).fill(0), 0xff, 0xd9]);
}

function gif(width: number, height: number): Buffer {
  return Buffer.concat([
    Buffer.from('GIF89a'),
    Buffer.from([width & 255, width >> 8, height & 255, height >> 8, 0, 0, 0]),
    Buffer.from([0x3b]),
  ]);
}

function webpLossless(width: number, height: number): Buffer {
  const bits = ((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14);
  const body = Buffer.concat([Buffer.from('WEBPVP8L'), Buffer.from([5, 0, 0, 0, 0x2f]), Buffer.alloc(4)]);
  body.writeUInt32LE(bits, 13);
  const riff = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), body, Buffer.alloc(8)]);
  riff.writeUInt32LE(riff.length - 8, 4);
  return riff;
}

describe('what an image file is', () => {
  it('recognises PNG, JPEG, GIF and WebP by their bytes and reads their size from the header', () => {
    expect(sniffImage(tinyPng(3, 2))).toEqual({ mime: 'image/png', width: 3, height: 2 });
    expect(sniffImage(jpeg(640, 480))).toEqual({ mime: 'image/jpeg', width: 640, height: 480 });
    expect(sniffImage(gif(17, 9))).toEqual({ mime: 'image/gif', width: 17, height: 9 });
    expect(sniffImage(webpLossless(1200, 800))).toEqual({ mime: 'image/webp', width: 1200, height: 800 });
  });

  it('refuses SVG, HTML, PDF and executables whatever their name, and does not believe absurd sizes', () => {
    for (const text of [
      '<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>',
      '<html>',
      '%PDF-1.7',
      'MZ\x90\0',
    ]) {
      expect(sniffImage(Buffer.from(text))).toBeNull();
    }
    const huge = tinyPng(1, 1);
    huge.writeUInt32BE(0x7fffffff, 16);
    expect(sniffImage(huge)).toEqual({ mime: 'image/png', width: null, height: 1 });
  });
});

describe('the media store', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await makeTempDir('pird-media-');
  });

  it('stores an image once under its sha256, whatever it was called and however often it is added', async () => {
    const png = tinyPng(4, 4);
    const first = await storeImage(dir, png, 'photo.jpg');
    const second = await storeImage(dir, png, '../../etc/passwd');
    expect(first).toEqual(second);
    expect(first).toMatchObject({
      sha256: sha256(png),
      mime: 'image/png',
      width: 4,
      height: 4,
      bytes: png.length,
    });
    expect(await fs.readdir(path.join(dir, 'media'))).toEqual([`${sha256(png)}.png`]);
    expect((await readMedia(dir, sha256(png)))?.bytes.equals(png)).toBe(true);
  });

  it('refuses a file over the size cap and a file that is not an image, with a message that says so', () => {
    const big = Buffer.concat([tinyPng(), Buffer.alloc(IMAGE_MAX_BYTES)]);
    expect(() => describeImageBytes(big, '"big.png"')).toThrow(
      /"big.png" is 25\.0 MB; images are limited to 25\.0 MB/,
    );
    expect(() => describeImageBytes(Buffer.from('<svg/>'), '"logo.png"')).toThrow(
      /"logo.png" is not a JPEG, PNG, WebP or GIF image \(judged by its content, not its name\)/,
    );
    expect(() => describeImageBytes(Buffer.alloc(0))).toThrow(/empty/);
  });

  it('looks up only 64-hex names (no path reaches outside media/)', async () => {
    await fs.writeFile(path.join(dir, 'library.json'), '{}');
    for (const name of ['../library', '..%2flibrary', 'A'.repeat(64), ''])
      expect(await readMedia(dir, name)).toBeNull();
  });
});

describe('the article file with images', () => {
  const base = createArticle(
    { id: 'img-article', sourceLang: 'en', headline: 'Hello' },
    'tester',
    '2026-11-25T10:00:00.000Z',
  );
  const article: Article = { ...base, updatedAt: base.createdAt, revision: 1 };

  it('keeps an article without images a version 1 file, byte for byte, that still loads', () => {
    const text = serializeArticleFile(article);
    expect(text).toContain('"version": 1,');
    expect(text).not.toContain('images');
    const parsed = parseArticleFile(text, 'img-article.json');
    expect(parsed.ok && parsed.article.images).toBeUndefined();
  });

  it('writes an article with images as version 2 and reads it back the same', () => {
    const png = tinyPng();
    const withImage = addImage(
      article,
      {
        id: 'i-abcdefgh',
        name: 'a\u0000b/../photo.png',
        file: { sha256: sha256(png), mime: 'image/png', width: 3, height: 2, bytes: png.length },
        caption: { ar: 'صورة' },
        alt: { en: 'A red square' },
      },
      'tester',
      '2026-11-25T11:00:00.000Z',
    );
    const text = serializeArticleFile(withImage);
    expect(text).toContain('"version": 2,');
    const parsed = parseArticleFile(text, 'img-article.json');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.article.images).toEqual(withImage.images);
    expect(parsed.article.images![0]).toMatchObject({
      // Only the last part of the name is kept, for display; it is never a path.
      name: 'photo.png',
      file: `${sha256(png)}.png`,
      caption: { en: '', ar: 'صورة', ckb: '' },
    });
  });

  it('refuses a file whose image names a path instead of its sha256', () => {
    const png = tinyPng();
    const withImage = addImage(
      article,
      {
        id: 'i-abcdefgh',
        name: 'x.png',
        file: { sha256: sha256(png), mime: 'image/png', width: 3, height: 2, bytes: png.length },
      },
      'tester',
      '2026-11-25T11:00:00.000Z',
    );
    const text = serializeArticleFile(withImage).replace(`"${sha256(png)}.png"`, '"../../secret.png"');
    const parsed = parseArticleFile(text, 'img-article.json');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.unreadable.reason).toMatch(/images\.0\.file/);
  });
});

describe('images.* channels', () => {
  let library: Library;
  let table: ReturnType<typeof createHandlers>;
  let articleId: string;
  const call = async <C extends Channel>(channel: C, request: RequestOf<C>) =>
    (await dispatch(table, channel, request)) as ApiResult<Article>;

  beforeAll(async () => {
    const home = await makeTempDir('pird-images-api-');
    library = await Library.open(path.join(home, 'library'));
    table = createHandlers({ library, userDataDir: home, shell: 'cli', version: 'test' });
    articleId = (await library.create({ sourceLang: 'en', headline: 'Images' }, 'tester')).id;
  });

  it('adds, captions, reorders and removes images; the bytes are stored once', async () => {
    const red = tinyPng(3, 2, [255, 0, 0]);
    const blue = tinyPng(5, 5, [0, 0, 255]);
    let result = await call('images.add', {
      articleId,
      name: 'red.png',
      dataBase64: red.toString('base64'),
      caption: { en: 'Red' },
    });
    expect(result.ok).toBe(true);
    result = await call('images.add', { articleId, name: 'blue.webp', dataBase64: blue.toString('base64') });
    result = await call('images.add', {
      articleId,
      name: 'red-again.png',
      dataBase64: red.toString('base64'),
    });
    if (!result.ok) throw new Error(result.error.message);
    const [first, second, third] = result.value.images!;
    expect(second).toMatchObject({ name: 'blue.webp', mime: 'image/png', width: 5, height: 5 });
    expect(third!.sha256).toBe(first!.sha256);
    expect((await fs.readdir(path.join(library.dir, 'media'))).sort()).toEqual(
      [`${sha256(red)}.png`, `${sha256(blue)}.png`].sort(),
    );

    result = await call('images.update', {
      articleId,
      imageId: second!.id,
      caption: { ar: 'أزرق' },
      alt: { ckb: 'چوارگۆشەی شین' },
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.images![1]).toMatchObject({
      caption: { en: '', ar: 'أزرق', ckb: '' },
      alt: { ckb: 'چوارگۆشەی شین' },
    });

    result = await call('images.move', { articleId, imageId: third!.id, toIndex: 0 });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.images!.map((i) => i.id)).toEqual([third!.id, first!.id, second!.id]);

    result = await call('images.remove', { articleId, imageId: first!.id });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.images!.map((i) => i.id)).toEqual([third!.id, second!.id]);
    expect((await library.get(articleId)).images).toEqual(result.value.images);
  });

  it('refuses a non-image, bad base64 and an unknown article, and changes nothing', async () => {
    const before = await library.get(articleId);
    const svg = await call('images.add', {
      articleId,
      name: 'x.png',
      dataBase64: Buffer.from('<svg onload=alert(1)/>').toString('base64'),
    });
    expect(!svg.ok && svg.error.code).toBe('invalid-input');
    expect(!svg.ok && svg.error.message).toMatch(/not a JPEG, PNG/);
    const bad = await call('images.add', { articleId, name: 'x.png', dataBase64: 'not base64!' });
    expect(!bad.ok && bad.error.code).toBe('invalid-input');
    const missing = await call('images.add', {
      articleId: 'no-such',
      name: 'x.png',
      dataBase64: tinyPng(7, 7).toString('base64'),
    });
    expect(!missing.ok && missing.error.code).toBe('not-found');
    const unknownImage = await call('images.update', {
      articleId,
      imageId: 'i-zzzzzzzz',
      caption: { en: 'x' },
    });
    expect(!unknownImage.ok && unknownImage.error.code).toBe('not-found');
    expect(await library.get(articleId)).toEqual(before);
    expect(await fs.readdir(path.join(library.dir, 'media'))).toHaveLength(2);
  });
});

describe('the browser host serves /media/<sha256>', () => {
  let host: RunningHost;
  let png: Buffer;
  const get = (pathname: string) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port: host.port, path: pathname }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
        })
        .on('error', reject);
    });

  beforeAll(async () => {
    const home = await makeTempDir('pird-images-host-');
    const rendererDir = path.join(home, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Pird</title>');
    const library = await Library.open(path.join(home, 'library'));
    png = tinyPng(2, 2);
    await storeImage(library.dir, png);
    const table = createHandlers({ library, userDataDir: home, shell: 'browser-host', version: 'test' });
    host = await startHost({ table, rendererDir, libraryDir: library.dir });
  });
  afterAll(() => host.close());

  it('answers with the bytes, the sniffed type and headers that keep it passive and same-origin', async () => {
    const res = await get(`/media/${sha256(png)}?token=${host.token}`);
    expect(res.status).toBe(200);
    expect(res.body.equals(png)).toBe(true);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
  });

  it('needs the token, and finds nothing but 64-hex names', async () => {
    expect((await get(`/media/${sha256(png)}`)).status).toBe(401);
    for (const p of [
      '/media/..%2f..%2flibrary%2flibrary.json',
      '/media/../library.json',
      `/media/${'0'.repeat(64)}`,
      `/media/${sha256(png).toUpperCase()}`,
    ]) {
      const res = await get(`${p}?token=${host.token}`);
      expect(res.status, p).toBe(404);
    }
  });

  it('takes an image body larger than other calls may send', async () => {
    const library = await Library.open(path.join(await makeTempDir('pird-images-body-'), 'library'));
    const table = createHandlers({
      library,
      userDataDir: library.dir,
      shell: 'browser-host',
      version: 'test',
    });
    const bigHost = await startHost({ table, rendererDir: library.dir, libraryDir: library.dir });
    try {
      const id = (await library.create({ sourceLang: 'en', headline: 'Big' }, 'tester')).id;
      // 18 MB of image (over the 16 MB the other channels accept).
      const big = Buffer.concat([tinyPng(9, 9), Buffer.alloc(18 * 1024 * 1024)]);
      const body = JSON.stringify({ articleId: id, name: 'big.png', dataBase64: big.toString('base64') });
      const res = await fetch(`${bigHost.origin}/api/images.add`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-pird-token': bigHost.token },
        body,
      });
      const json = (await res.json()) as ApiResult<Article>;
      expect(json.ok).toBe(true);
      expect(json.ok && json.value.images![0]!.bytes).toBe(big.length);
    } finally {
      await bigHost.close();
    }
  });
});

describe('pird image', () => {
  it('adds an image with captions from the command line, lists it, and refuses a non-image with exit 2', async () => {
    const home = await makeTempDir('pird-images-cli-');
    const library = await Library.open(path.join(home, 'lib'));
    const id = (await library.create({ sourceLang: 'en', headline: 'CLI' }, 'tester')).id;
    const png = tinyPng(5, 3);
    writeFileSync(path.join(home, 'photo.jpg'), png);
    writeFileSync(path.join(home, 'fake.png'), '<svg/>');

    const added = runPird(home, home, [
      'image',
      'add',
      '--library',
      'lib',
      id,
      'photo.jpg',
      '--caption-ar',
      'تعليق',
      '--alt-en',
      'A photo',
      '--json',
    ]);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const image = JSON.parse(added.stdout) as { id: string; mime: string; sha256: string };
    expect(image).toMatchObject({ mime: 'image/png', sha256: sha256(png) });

    const listed = runPird(home, home, ['image', 'list', '--library', 'lib', id]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`0  ${image.id}  photo.jpg  (image/png, 5×3, ${png.length} bytes)`);
    expect(listed.stdout).toContain('ar  caption: تعليق');

    const refused = runPird(home, home, ['image', 'add', '--library', 'lib', id, 'fake.png']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/"fake.png" is not a JPEG, PNG, WebP or GIF image/);
    expect(runPird(home, home, ['image', 'frobnicate']).code).toBe(2);
  });
});
