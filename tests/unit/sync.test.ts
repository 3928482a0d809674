// Sync through a shared folder, on disk: several libraries (devices) and one temporary shared
// folder, the way Joplin's Synchronizer tests run clients against one target.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ApiResult, Channel, RequestOf, ResultOf } from '../../electron/core/contract.ts';
import { createHandlers, dispatch } from '../../electron/core/handlers.ts';
import { runSync } from '../../electron/core/node/sync/service.ts';
import { readCorpusText, removeTempDirs } from './fixtures/library-fixtures.ts';
import { Device, filesUnder, sharedFolder } from './helpers/sync-devices.ts';

afterAll(removeTempDirs);

const SEED = 'seed-000-817f1db3f74f0db0';
const DAY = 86_400_000;

/** Two or more devices on one shared folder, the first holding the seed article, all synced. */
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

describe('sync through a shared folder', () => {
  it('gives both devices both edits when they edit different segments offline (any order, twice)', async () => {
    for (const order of [
      [0, 1],
      [1, 0],
    ]) {
      const devices = await team(2);
      await devices[0]!.setText(SEED, 'p1', 'ckb', 'دەقی یەکەم');
      await devices[1]!.setText(SEED, 'p2', 'ckb', 'دەقی دووەم');
      for (let pass = 0; pass < 2; pass++) for (const i of order) await devices[i]!.sync();
      for (const d of devices) {
        expect(await d.text(SEED, 'p1', 'ckb')).toBe('دەقی یەکەم');
        expect(await d.text(SEED, 'p2', 'ckb')).toBe('دەقی دووەم');
        expect(await d.conflicts()).toEqual([]);
      }
      expect(await devices[0]!.fingerprint()).toBe(await devices[1]!.fingerprint());
    }
  });

  it('shows one conflict with both texts on both devices, and a resolution on one converges everywhere', async () => {
    const [a, b] = (await team(2)) as [Device, Device];
    await a.setText(SEED, 'headline', 'ar', 'عنوان من الحاسوب الأول');
    await b.setText(SEED, 'headline', 'ar', 'عنوان من الحاسوب الثاني');
    await a.sync();
    await b.sync();
    await a.sync();
    for (const d of [a, b]) {
      const conflicts = await d.conflicts();
      expect(conflicts).toHaveLength(1);
      expect(conflicts[0]).toMatchObject({ articleId: SEED, segmentId: 'headline', lang: 'ar' });
      expect(conflicts[0]!.versions.map((v) => v.text).sort()).toEqual([
        'عنوان من الحاسوب الأول',
        'عنوان من الحاسوب الثاني',
      ]);
      expect(conflicts[0]!.versions.map((v) => v.deviceName).sort()).toEqual(['laptop-1', 'laptop-2']);
      expect(conflicts[0]!.versions.filter((v) => v.shown)).toHaveLength(1);
    }
    expect(await a.fingerprint()).toBe(await b.fingerprint());
    // B keeps A's version, whichever is shown now.
    const listed = (await b.conflicts())[0]!;
    const aVersion = listed.versions.find((v) => v.deviceName === 'laptop-1')!;
    await b.resolve(SEED, 'headline', 'ar', { keep: aVersion.id });
    expect(await b.conflicts()).toEqual([]);
    await b.sync();
    await a.sync();
    for (const d of [a, b]) {
      expect(await d.conflicts()).toEqual([]);
      expect(await d.text(SEED, 'headline', 'ar')).toBe('عنوان من الحاسوب الأول');
    }
    expect(await a.fingerprint()).toBe(await b.fingerprint());
  });

  it('keeps every version when three devices edit one segment offline, and a merged text closes it', async () => {
    const devices = await team(3);
    for (const [i, d] of devices.entries()) await d.setText(SEED, 'p3', 'en', `Version ${i + 1}`);
    for (let pass = 0; pass < 2; pass++) for (const d of devices) await d.sync();
    for (const d of devices) {
      const [conflict, ...rest] = await d.conflicts();
      expect(rest).toEqual([]);
      expect(conflict!.versions.map((v) => v.text).sort()).toEqual(['Version 1', 'Version 2', 'Version 3']);
    }
    await devices[2]!.resolve(SEED, 'p3', 'en', { text: 'Merged version' });
    for (let pass = 0; pass < 2; pass++) for (const d of devices) await d.sync();
    for (const d of devices) {
      expect(await d.conflicts()).toEqual([]);
      expect(await d.text(SEED, 'p3', 'en')).toBe('Merged version');
    }
  });

  it('restores an article deleted on one device when another edited it without seeing the deletion', async () => {
    const [a, b] = (await team(2)) as [Device, Device];
    await a.library.delete(SEED);
    expect((await a.library.listTrash()).articles.map((x) => x.id)).toEqual([SEED]);
    await b.setText(SEED, 'p4', 'ar', 'تصحيح متأخر');
    await a.sync();
    await b.sync();
    await a.sync();
    for (const d of [a, b]) {
      expect(await d.text(SEED, 'p4', 'ar')).toBe('تصحيح متأخر');
      expect((await d.library.listTrash()).articles).toEqual([]);
    }
    // Deleted after seeing the edit: the deletion stands, on every device, and the trash can restore it.
    await b.library.delete(SEED);
    await b.sync();
    await a.sync();
    for (const d of [a, b]) {
      expect((await d.library.list()).articles).toEqual([]);
      expect((await d.library.listTrash()).articles.map((x) => x.id)).toEqual([SEED]);
    }
    await a.library.restore(SEED);
    await a.sync();
    await b.sync();
    expect(await b.text(SEED, 'p4', 'ar')).toBe('تصحيح متأخر');
  });

  it('skips half-copied, garbage and conflict-copy files with a reason, and reads them once they are whole', async () => {
    const [a, b] = (await team(2)) as [Device, Device];
    await a.setText(SEED, 'p1', 'en', 'Edited on A');
    await a.sync();
    const aDir = (await filesUnder(a.shared)).find(
      (f) => f.includes('changes-') && f.startsWith('devices/'),
    )!;
    const changeFiles = (await filesUnder(a.shared)).filter(
      (f) => f.startsWith(path.dirname(aDir)) && f.includes('changes-'),
    );
    const newest = path.join(a.shared, changeFiles.at(-1)!);
    const whole = await fs.readFile(newest, 'utf8');
    // The sync engine has delivered half of A's newest file, and some debris of its own.
    await fs.writeFile(newest, whole.slice(0, whole.length / 2));
    const deviceDir = path.dirname(newest);
    await fs.writeFile(
      path.join(deviceDir, `${path.basename(newest, '.json')}.sync-conflict-20261125-101010-ABCDEFG.json`),
      whole,
    );
    await fs.writeFile(
      path.join(deviceDir, `${path.basename(newest, '.json')} (laptop-3's conflicted copy).json`),
      whole,
    );
    await fs.writeFile(path.join(deviceDir, 'changes-20261125T101010101Z-0000-000099.json'), '');
    await fs.writeFile(
      path.join(deviceDir, 'changes-20261125T101010102Z-0000-000098.json'),
      '{"format": "pird.sync-changes", "version": 1, garbage',
    );
    await fs.writeFile(path.join(deviceDir, '.changes-x.json.123.abcdef.tmp'), 'partial');
    const before = await b.fingerprint();
    const report = await b.sync();
    expect(report.status).toBe('synced');
    const reasons = report.skipped.map((s) => `${path.basename(s.file)}: ${s.reason}`).join('\n');
    expect(reasons).toMatch(/sync-conflict.*conflict copy/);
    expect(reasons).toMatch(/conflicted copy.*conflict copy/);
    expect(reasons).toMatch(/000099\.json: .*empty/);
    expect(reasons).toMatch(/000098\.json: .*not valid JSON/);
    expect(reasons).toMatch(/\.tmp: .*temporary/);
    expect(reasons).toMatch(/checksum|not valid JSON/);
    expect(await b.text(SEED, 'p1', 'en')).not.toBe('Edited on A');
    expect(await b.fingerprint()).toBe(before);
    // The copy completes: the next round reads it.
    await fs.writeFile(newest, whole);
    await b.sync();
    expect(await b.text(SEED, 'p1', 'en')).toBe('Edited on A');
  });

  it('pauses with a warning when the shared folder is emptied or unplugged, and deletes nothing', async () => {
    const [a, b] = (await team(2)) as [Device, Device];
    await b.setText(SEED, 'p2', 'en', 'Edited while the drive was away');
    const before = await a.fingerprint();
    for (const entry of await fs.readdir(a.shared))
      await fs.rm(path.join(a.shared, entry), { recursive: true });
    for (const d of [a, b]) {
      const report = await d.sync();
      expect(report.status).toBe('paused');
      expect(report.warning).toMatch(/nothing was deleted/);
    }
    expect(await a.fingerprint()).toBe(before);
    expect(await b.text(SEED, 'p2', 'en')).toBe('Edited while the drive was away');
    await fs.rm(a.shared, { recursive: true });
    expect((await a.sync()).warning).toMatch(/not there/);
    expect((await a.library.list()).articles).toHaveLength(1);
    // Setting the folder up again on purpose: everything each device knows is written back.
    expect((await a.sync({ setUp: true })).status).toBe('synced');
    await b.sync();
    const c = await Device.create('laptop-3', a.shared);
    await c.sync();
    expect(await c.text(SEED, 'p2', 'en')).toBe('Edited while the drive was away');
    expect(await c.fingerprint()).toBe(await b.fingerprint());
  });

  it('loses nothing when a laptop clock is a day ahead or behind, and a later edit beats a skewed one', async () => {
    const [a, ahead, behind] = (await team(3)) as [Device, Device, Device];
    ahead.skewMs = DAY;
    behind.skewMs = -DAY;
    await ahead.setText(SEED, 'p1', 'en', 'From the laptop a day ahead');
    await behind.setText(SEED, 'p2', 'en', 'From the laptop a day behind');
    await ahead.sync();
    await behind.sync();
    // A sees the skewed edit, then edits the same segment for real later: that edit must win.
    await a.sync();
    await a.setText(SEED, 'p1', 'en', 'Corrected later by A');
    await behind.setText(SEED, 'p2', 'ar', 'تعديل');
    for (let pass = 0; pass < 2; pass++) for (const d of [a, ahead, behind]) await d.sync();
    for (const d of [a, ahead, behind]) {
      expect(await d.text(SEED, 'p1', 'en')).toBe('Corrected later by A');
      expect(await d.text(SEED, 'p2', 'en')).toBe('From the laptop a day behind');
      expect(await d.text(SEED, 'p2', 'ar')).toBe('تعديل');
      expect(await d.conflicts()).toEqual([]);
    }
    // The laptop a day behind edits after syncing: its clock is pulled forward, so its edit wins too.
    await behind.setText(SEED, 'p1', 'en', 'Corrected again, from behind');
    for (let pass = 0; pass < 2; pass++) for (const d of [a, ahead, behind]) await d.sync();
    for (const d of [a, ahead, behind])
      expect(await d.text(SEED, 'p1', 'en')).toBe('Corrected again, from behind');
    // Concurrent edits on skewed clocks are a conflict (both kept), never a silent overwrite.
    await ahead.setText(SEED, 'p3', 'en', 'ahead');
    await a.setText(SEED, 'p3', 'en', 'real time');
    for (let pass = 0; pass < 2; pass++) for (const d of [a, ahead, behind]) await d.sync();
    expect((await a.conflicts())[0]!.versions.map((v) => v.text).sort()).toEqual(['ahead', 'real time']);
  });

  it('gives a copied library its own device id', async () => {
    const [a] = (await team(1)) as [Device];
    const copyDir = path.join(path.dirname(a.library.dir), `${path.basename(a.library.dir)}-copy`);
    await fs.cp(a.library.dir, copyDir, { recursive: true });
    const copy = await Device.open('copy', copyDir, a.shared);
    const first = await a.sync();
    const second = await copy.sync();
    expect(second.device).not.toBe(first.device);
    await copy.setText(SEED, 'p1', 'en', 'From the copy');
    await a.setText(SEED, 'p2', 'en', 'From the original');
    await copy.sync();
    await a.sync();
    await copy.sync();
    expect(await a.text(SEED, 'p1', 'en')).toBe('From the copy');
    expect(await copy.text(SEED, 'p2', 'en')).toBe('From the original');
    await fs.rm(copyDir, { recursive: true });
  });

  it('reports its state through the handler table: pending changes, conflicts, the trash', async () => {
    const [a, b] = (await team(2)) as [Device, Device];
    const table = createHandlers({
      library: a.library,
      userDataDir: a.library.dir,
      shell: 'cli',
      version: 'test',
    });
    const invoke = async <C extends Channel>(channel: C, request: RequestOf<C>) => {
      const result = (await dispatch(table, channel, request)) as ApiResult<ResultOf<C>>;
      if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
      return result.value;
    };
    expect(await invoke('sync.status', {})).toMatchObject({
      sharedFolder: a.shared,
      pending: 0,
      conflicts: 0,
    });
    await a.setText(SEED, 'p1', 'en', 'A');
    await b.setText(SEED, 'p1', 'en', 'B');
    expect((await invoke('sync.status', {})).pending).toBe(1);
    await b.sync();
    const report = await invoke('sync.run', {});
    expect(report).toMatchObject({ status: 'synced', conflicts: 1, newConflicts: 1 });
    const status = await invoke('sync.status', {});
    expect(status).toMatchObject({ pending: 0, conflicts: 1, device: report.device });
    expect(status.lastRound?.startedAt).toBe(report.startedAt);
    const [conflict] = (await invoke('conflicts.list', {})).conflicts;
    expect(conflict!.versions).toHaveLength(2);
    const bad = await dispatch(table, 'conflicts.resolve', { articleId: SEED, segmentId: 'p1', lang: 'en' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    await invoke('conflicts.resolve', { articleId: SEED, segmentId: 'p1', lang: 'en', text: 'A and B' });
    // Resolved here: no longer counted, even before the next round sends the resolution.
    expect(await invoke('sync.status', {})).toMatchObject({ pending: 1, conflicts: 0 });
    expect((await invoke('conflicts.list', {})).conflicts).toEqual([]);
    await invoke('articles.delete', { id: SEED });
    expect((await invoke('trash.list', {})).articles.map((x) => x.id)).toEqual([SEED]);
    expect((await invoke('articles.restore', { id: SEED })).id).toBe(SEED);
    expect(await dispatch(table, 'articles.restore', { id: SEED })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    await invoke('sync.run', {});
    await b.sync();
    expect(await b.text(SEED, 'p1', 'en')).toBe('A and B');
    expect(await b.conflicts()).toEqual([]);
    await a.setText(SEED, 'p2', 'en', 'Waiting to go out');
    expect((await invoke('sync.status', {})).pending).toBe(1);
    // Without a shared folder nothing waits to go out; the change still does once there is one.
    expect(await invoke('sync.setFolder', { sharedFolder: null })).toMatchObject({
      sharedFolder: null,
      pending: 0,
    });
    expect(await invoke('sync.setFolder', { sharedFolder: a.shared })).toMatchObject({ pending: 1 });
    await invoke('sync.run', {});
    await b.sync();
    expect(await b.text(SEED, 'p2', 'en')).toBe('Waiting to go out');
    await invoke('sync.setFolder', { sharedFolder: null });
    expect(await dispatch(table, 'sync.run', {})).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
  });

  it('compacts a device history into a snapshot that a new laptop joins from', async () => {
    const [a, b] = (await team(2)) as [Device, Device];
    for (let i = 0; i < 8; i++) {
      await a.setText(SEED, 'p1', 'en', `Edit ${i}`);
      await a.library.importFiles([{ name: `n${i}.md`, content: `# Story ${i}\n\nBody ${i}.\n` }], 'a');
      await a.sync();
    }
    const report = await runSync(
      a.library,
      { sharedFolder: a.shared },
      { deviceName: 'laptop-1', compactFiles: 3, snapshotPartBytes: 4000 },
    );
    expect(report.compacted).toBe(true);
    const aFiles = (await filesUnder(a.shared)).filter((f) => f.includes(report.device));
    expect(aFiles.filter((f) => f.includes('changes-'))).toEqual([]);
    // In parts of bounded size; a new laptop reads them (and everything else) a little at a time.
    expect(aFiles.filter((f) => f.includes('snapshot-')).length).toBeGreaterThan(1);
    await b.sync();
    const c = await Device.create('laptop-3', a.shared);
    const joined = await runSync(
      c.library,
      { sharedFolder: a.shared },
      { deviceName: 'laptop-3', chunkBytes: 1 },
    );
    expect(joined.received.files).toBeGreaterThanOrEqual(3);
    expect((await c.library.list()).articles).toHaveLength(9);
    expect(await c.text(SEED, 'p1', 'en')).toBe('Edit 7');
    expect(await c.fingerprint()).toBe(await a.fingerprint());
    expect(await b.fingerprint()).toBe(await a.fingerprint());
  });
});
