// The guarded replacement: a file is replaced only while it still holds what the
// engine read; otherwise nothing is written and the caller is told to decide again.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FileBusyError, replaceIfUnchanged, rewriteFile } from '../../../src/sync/engine/fileGuard';

const REL = 'a.md';

describe('engine: fileGuard', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ns-guard-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('replaces a file that still holds what was read, leaving no temp file', async () => {
    const f = path.join(dir, 'a.md');
    await writeFile(f, 'old');
    assert.equal(await replaceIfUnchanged(dir, REL, 'old', 'new'), 'written');
    assert.equal(await readFile(f, 'utf8'), 'new');
    assert.deepEqual(await readdir(dir), ['a.md']);
  });

  it('refuses when the file was saved since it was read, and keeps the save', async () => {
    const f = path.join(dir, 'a.md');
    await writeFile(f, 'saved by the user');
    assert.equal(await replaceIfUnchanged(dir, REL, 'what the engine read', 'from Notion'), 'raced');
    assert.equal(await readFile(f, 'utf8'), 'saved by the user');
    assert.deepEqual(await readdir(dir), ['a.md']);
  });

  it('creates only where no file is; a file that appeared meanwhile is not replaced', async () => {
    const f = path.join(dir, 'sub', 'new.md');
    assert.equal(await replaceIfUnchanged(dir, 'sub/new.md', null, 'first'), 'written');
    assert.equal(await replaceIfUnchanged(dir, 'sub/new.md', null, 'second'), 'raced');
    assert.equal(await readFile(f, 'utf8'), 'first');
  });

  it('refuses when the file read is gone', async () => {
    assert.equal(await replaceIfUnchanged(dir, 'gone.md', 'old', 'new'), 'raced');
    assert.deepEqual(await readdir(dir), []);
  });

  it('rewrites from the current text, and gives up (writing nothing) on a file that keeps changing', async () => {
    const f = path.join(dir, 'a.md');
    await writeFile(f, 'body');
    const r = await rewriteFile(dir, REL, (t) => `key: 1\n${t}`);
    assert.deepEqual(r, { read: 'body', written: 'key: 1\nbody' });
    let n = 0;
    // Each transform call models a save landing between the read and the write.
    await assert.rejects(
      rewriteFile(dir, REL, (t) => {
        writeFileSync(f, `save ${++n}`);
        return `${t}!`;
      }),
      FileBusyError,
    );
    assert.equal(await readFile(f, 'utf8'), `save ${n}`);
  });
});
