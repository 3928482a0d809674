// Images through the shared folder: two (or three) simulated devices, each a real library, on one
// temporary shared folder. Image fields merge like the article's other fields; the files travel as
// content-addressed files in each device's own folder, checked by sha256 when read.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { moveImage, removeImage, updateImageTexts } from '../../electron/core/images/images.ts';
import type { Article } from '../../electron/core/model.ts';
import { addArticleImage, readMedia } from '../../electron/core/node/media-store.ts';
import { readCorpusText, removeTempDirs } from './fixtures/library-fixtures.ts';
import { Device, filesUnder, sharedFolder } from './helpers/sync-devices.ts';
import { tinyPng } from './helpers/tiny-png.ts';

afterAll(removeTempDirs);

const SEED = 'seed-000-817f1db3f74f0db0';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function team(n: number): Promise<Device[]> {
  const shared = await sharedFolder();
  const devices: Device[] = [];
  for (let i = 0; i < n; i++) devices.push(await Device.create(`laptop-${i + 1}`, shared));
  await devices[0]!.library.importFiles(
    [{ name: 'seed.json', content: await readCorpusText('seed-article.json') }],
    'setup',
  );
  for (const d of devices) await d.sync();
  return devices;
}

function addImage(
  device: Device,
  png: Buffer,
  name: string,
  caption: Partial<Record<'en' | 'ar' | 'ckb', string>> = {},
) {
  return addArticleImage(
    device.library,
    { articleId: SEED, name, dataBase64: png.toString('base64'), caption },
    device.name,
  );
}

const imagesOf = async (device: Device): Promise<NonNullable<Article['images']>> =>
  (await device.get(SEED)).images ?? [];

describe('images through the shared folder', () => {
  it('brings an image, its texts and its file to the other device, the file written only by the device that added it', async () => {
    const [a, b] = (await team(2)) as [Device, Device];
    const png = tinyPng(3, 2);
    await addImage(a, png, 'market.png', { en: 'The market', ar: 'السوق' });
    await a.sync();
    const report = await b.sync();
    expect(report.skipped).toEqual([]);
    const [image] = await imagesOf(b);
    expect(image).toMatchObject({
      name: 'market.png',
      sha256: sha256(png),
      caption: { en: 'The market', ar: 'السوق', ckb: '' },
    });
    expect((await readMedia(b.library.dir, sha256(png)))?.bytes.equals(png)).toBe(true);
    expect(await imagesOf(b)).toEqual(await imagesOf(a));

    // The file is in the shared folder once: in the folder of the device that added it.
    const media = (await filesUnder(a.shared)).filter((f) => f.includes(`${path.sep}media${path.sep}`));
    expect(media).toHaveLength(1);
    expect(media[0]).toMatch(
      new RegExp(`^devices\\${path.sep}d-[a-z2-7]{12}\\${path.sep}media\\${path.sep}${sha256(png)}\\.png$`),
    );
    expect(await b.fingerprint()).toBe(await a.fingerprint());
  });

  it('keeps both translators’ edits of one image (an Arabic caption here, a Sorani alt text there), and a reorder', async () => {
    const [a, b] = (await team(2)) as [Device, Device];
    await addImage(a, tinyPng(3, 2, [1, 2, 3]), 'one.png');
    await addImage(a, tinyPng(4, 4, [4, 5, 6]), 'two.png');
    await a.sync();
    await b.sync();
    const [one, two] = await imagesOf(a);
    await a.library.update(SEED, (article, now) =>
      updateImageTexts(article, one!.id, { caption: { ar: 'تعليق عربي' } }, 'a', now),
    );
    await b.library.update(SEED, (article, now) =>
      updateImageTexts(article, one!.id, { alt: { ckb: 'وەسفی وێنە' } }, 'b', now),
    );
    await b.library.update(SEED, (article) => moveImage(article, two!.id, 0));
    for (let pass = 0; pass < 2; pass++) {
      await a.sync();
      await b.sync();
    }
    for (const d of [a, b]) {
      const images = await imagesOf(d);
      expect(images.map((i) => i.name)).toEqual(['two.png', 'one.png']);
      expect(images[1]).toMatchObject({ caption: { ar: 'تعليق عربي' }, alt: { ckb: 'وەسفی وێنە' } });
      expect(await d.conflicts()).toEqual([]);
    }
    expect(await b.fingerprint()).toBe(await a.fingerprint());
  });

  it('removes an image everywhere, and the same image added on two devices is stored once in the shared folder', async () => {
    const [a, b, c] = (await team(3)) as [Device, Device, Device];
    const png = tinyPng(6, 6, [9, 9, 9]);
    await addImage(a, png, 'a.png');
    await a.sync();
    await addImage(b, png, 'b.png');
    await b.sync();
    await c.sync();
    await a.sync();
    expect((await imagesOf(c)).map((i) => i.name).sort()).toEqual(['a.png', 'b.png']);
    const copies = (await filesUnder(a.shared)).filter((f) => f.endsWith(`${sha256(png)}.png`));
    expect(copies).toHaveLength(1);

    const first = (await imagesOf(c)).find((i) => i.name === 'a.png')!;
    await c.library.update(SEED, (article) => removeImage(article, first.id));
    await c.sync();
    await a.sync();
    await b.sync();
    for (const d of [a, b, c]) expect((await imagesOf(d)).map((i) => i.name)).toEqual(['b.png']);
  });

  it('skips a half-copied or damaged image file with a reason, never crashes, and takes it once it is whole', async () => {
    const [a, b] = (await team(2)) as [Device, Device];
    const png = tinyPng(8, 8, [50, 60, 70]);
    await addImage(a, png, 'late.png', { en: 'Arrives late' });
    await a.sync();
    const published = (await filesUnder(a.shared)).find((f) => f.endsWith(`${sha256(png)}.png`))!;
    const file = path.join(a.shared, published);
    // The sync engine has copied half of it so far.
    await fs.writeFile(file, png.subarray(0, png.length >> 1));
    const report = await b.sync();
    expect(report.status).toBe('synced');
    const skipped = report.skipped.find((s) => s.file === published.split(path.sep).join('/'));
    expect(skipped?.reason).toMatch(/does not match the name .*Tried again next round/);
    // The article's image arrived; its file did not: nothing half-written in the library.
    expect((await imagesOf(b)).map((i) => i.caption.en)).toEqual(['Arrives late']);
    expect(await readMedia(b.library.dir, sha256(png))).toBeNull();

    await fs.writeFile(file, png);
    const again = await b.sync();
    expect(again.skipped).toEqual([]);
    expect((await readMedia(b.library.dir, sha256(png)))?.bytes.equals(png)).toBe(true);
  });

  it('ignores what is not an image file in a device’s media folder (a sync engine’s temp or conflict copy)', async () => {
    const [a, b] = (await team(2)) as [Device, Device];
    const png = tinyPng(2, 2);
    await addImage(a, png, 'x.png');
    await a.sync();
    const published = (await filesUnder(a.shared)).find((f) => f.endsWith(`${sha256(png)}.png`))!;
    const dir = path.dirname(path.join(a.shared, published));
    await fs.writeFile(path.join(dir, `.syncthing.${sha256(png)}.png.tmp`), 'partial');
    await fs.writeFile(path.join(dir, `${sha256(png)}.sync-conflict-20261125.png`), 'other');
    const report = await b.sync();
    expect(report.skipped).toEqual([]);
    expect((await fs.readdir(path.join(b.library.dir, 'media'))).sort()).toEqual([`${sha256(png)}.png`]);
  });
});
