import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { backupThenWrite, moveToTrash, restoreFromTrash, writeFileAtomic } from '../../../src/sync/documents/atomicWrite';

async function listAll(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listAll(abs, base)));
    else out.push(path.relative(base, abs).split(path.sep).join('/'));
  }
  return out.sort();
}

describe('documents/atomicWrite', () => {
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'ns-write-'));
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });
  const read = (rel: string) => fs.readFile(path.join(root, rel), 'utf8');

  describe('writeFileAtomic', () => {
    it('creates parent folders, writes the content and leaves no temp files', async () => {
      await writeFileAtomic(path.join(root, 'a/b/c.md'), 'hello 🌍\n');
      await writeFileAtomic(path.join(root, 'a/b/c.md'), 'second');
      assert.equal(await read('a/b/c.md'), 'second');
      assert.deepEqual(await listAll(root), ['a/b/c.md']);
    });

    it('keeps the file mode of the file it replaces', async function () {
      if (process.platform === 'win32') this.skip();
      const f = path.join(root, 'x.sh');
      await fs.writeFile(f, 'old');
      await fs.chmod(f, 0o751);
      await writeFileAtomic(f, 'new');
      assert.equal((await fs.stat(f)).mode & 0o777, 0o751);
    });

    it('leaves the old file intact and no temp file when the write fails', async () => {
      const f = path.join(root, 'dir-not-file');
      await fs.mkdir(f);
      await assert.rejects(writeFileAtomic(f, 'x'));
      assert.deepEqual(await fs.readdir(root), ['dir-not-file']);
    });

    it('survives many concurrent writers: the result is one whole version', async () => {
      const f = path.join(root, 'race.md');
      const versions = Array.from({ length: 20 }, (_, i) => `version ${i}\n`.repeat(1000));
      await Promise.all(versions.map((v) => writeFileAtomic(f, v)));
      assert.ok(versions.includes(await fs.readFile(f, 'utf8')));
      assert.deepEqual(await fs.readdir(root), ['race.md']);
    });
  });

  describe('backupThenWrite', () => {
    it('keeps the previous content under <backupDir>/<timestamp>/<relPath>', async () => {
      await writeFileAtomic(path.join(root, 'notes/page.md'), 'my words\n');
      const backup = await backupThenWrite(root, 'notes/page.md', 'from notion\n', '.notion-sync/backups');
      assert.ok(backup);
      assert.match(path.relative(root, backup).split(path.sep).join('/'), /^\.notion-sync\/backups\/\d{4}-\d\d-\d\dT[\d-]+Z\/notes\/page\.md$/);
      assert.equal(await fs.readFile(backup, 'utf8'), 'my words\n');
      assert.equal(await read('notes/page.md'), 'from notion\n');
    });

    it('makes no backup for a new file or identical content', async () => {
      assert.equal(await backupThenWrite(root, 'new.md', 'a', 'bk'), null);
      assert.equal(await backupThenWrite(root, 'new.md', 'a', 'bk'), null);
      assert.deepEqual(await listAll(root), ['new.md']);
    });

    it('never overwrites an earlier backup made in the same millisecond', async () => {
      await writeFileAtomic(path.join(root, 'p.md'), 'v1');
      const b1 = await backupThenWrite(root, 'p.md', 'v2', 'bk');
      const b2 = await backupThenWrite(root, 'p.md', 'v3', 'bk');
      assert.ok(b1 && b2 && b1 !== b2);
      assert.equal(await fs.readFile(b1, 'utf8'), 'v1');
      assert.equal(await fs.readFile(b2, 'utf8'), 'v2');
    });

    it('refuses paths outside the root, lexically or through a symlinked folder', async () => {
      const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'ns-out-'));
      try {
        await assert.rejects(backupThenWrite(root, '../escape.md', 'x', 'bk'), /outside the workspace/);
        await fs.symlink(outside, path.join(root, 'link'));
        await assert.rejects(backupThenWrite(root, 'link/escape.md', 'x', 'bk'), /symbolic link/);
        assert.deepEqual(await fs.readdir(outside), []);
      } finally {
        await fs.rm(outside, { recursive: true, force: true });
      }
    });
  });

  describe('moveToTrash / restoreFromTrash', () => {
    it('moves a file into the trash keeping its relative path, and never overwrites an earlier copy', async () => {
      await writeFileAtomic(path.join(root, 'a/page.md'), 'first');
      const t1 = await moveToTrash(root, 'a/page.md', '.notion-sync/trash');
      await writeFileAtomic(path.join(root, 'a/page.md'), 'second');
      const t2 = await moveToTrash(root, 'a/page.md', '.notion-sync/trash');
      assert.equal(path.relative(root, t1).split(path.sep).join('/'), '.notion-sync/trash/a/page.md');
      assert.equal(path.relative(root, t2).split(path.sep).join('/'), '.notion-sync/trash/a/page (1).md');
      assert.equal(await fs.readFile(t1, 'utf8'), 'first');
      assert.equal(await fs.readFile(t2, 'utf8'), 'second');
      assert.deepEqual(await listAll(root), ['.notion-sync/trash/a/page (1).md', '.notion-sync/trash/a/page.md']);
    });

    it('moves a folder', async () => {
      await writeFileAtomic(path.join(root, 'db/row1.md'), 'r1');
      await writeFileAtomic(path.join(root, 'db/row2.md'), 'r2');
      const t = await moveToTrash(root, 'db', '.trash');
      assert.deepEqual(await listAll(t), ['row1.md', 'row2.md']);
      assert.deepEqual(await listAll(root), ['.trash/db/row1.md', '.trash/db/row2.md']);
    });

    it('restores to the original path, or beside it when a new file took the name', async () => {
      await writeFileAtomic(path.join(root, 'p.md'), 'old words');
      const t = await moveToTrash(root, 'p.md', '.trash');
      const back = await restoreFromTrash(root, t, 'p.md');
      assert.equal(back, path.join(root, 'p.md'));
      assert.equal(await read('p.md'), 'old words');
      const t2 = await moveToTrash(root, 'p.md', '.trash');
      await writeFileAtomic(path.join(root, 'p.md'), 'new file');
      const back2 = await restoreFromTrash(root, t2, 'p.md');
      assert.equal(back2, path.join(root, 'p (1).md'));
      assert.equal(await read('p.md'), 'new file');
      assert.equal(await read('p (1).md'), 'old words');
    });

    it('refuses to trash anything outside the root', async () => {
      await assert.rejects(moveToTrash(root, '../../etc/passwd', '.trash'), /outside the workspace/);
      await assert.rejects(moveToTrash(root, '.', '.trash'), /outside the workspace/);
    });
  });
});
