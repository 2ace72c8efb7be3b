import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, promises as fsPromises, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import initSqlJs from 'sql.js';
import { openStateStore, StateStoreLockedError } from '../../../src/sync/store';
import { tempDir } from './helpers';

describe('store: one process per database (lock file)', () => {
  let dir: string;
  let cleanup: () => void;
  let file: string;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    file = path.join(dir, 'state.sqlite');
  });
  afterEach(() => cleanup());

  const writeLock = (pid: number, host = os.hostname()) =>
    writeFileSync(`${file}.lock`, JSON.stringify({ pid, host, since: new Date().toISOString() }));

  it('holds a lock while open, shared by stores of the same process, released on the last close', async () => {
    const a = await openStateStore({ path: file });
    const info = JSON.parse(readFileSync(`${file}.lock`, 'utf8')) as { pid: number; host: string };
    assert.equal(info.pid, process.pid);
    assert.equal(info.host, os.hostname());
    const b = await openStateStore({ path: file });
    await b.close();
    assert.ok(existsSync(`${file}.lock`), 'still held by the first store');
    await a.close();
    assert.ok(!existsSync(`${file}.lock`));
  });

  it('two stores opened at the same moment in one process share one lock', async () => {
    const [a, b] = await Promise.all([openStateStore({ path: file }), openStateStore({ path: file })]);
    await a.close();
    assert.equal(JSON.parse(readFileSync(`${file}.lock`, 'utf8')).pid, process.pid, 'still held by the second store');
    await b.close();
    assert.ok(!existsSync(`${file}.lock`));
  });

  it('works on file systems without hard links (FAT, exFAT, some shares)', async () => {
    const realLink = fsPromises.link;
    fsPromises.link = async () => {
      throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' });
    };
    try {
      const a = await openStateStore({ path: file });
      assert.equal(JSON.parse(readFileSync(`${file}.lock`, 'utf8')).pid, process.pid);
      await a.close();
      assert.ok(!existsSync(`${file}.lock`));
      assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temp file left');
    } finally {
      fsPromises.link = realLink;
    }
  });

  it('refuses to open a database another live process holds', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      assert.ok(other.pid);
      writeLock(other.pid);
      await assert.rejects(openStateStore({ path: file }), (err: unknown) => {
        assert.ok(err instanceof StateStoreLockedError);
        assert.equal(err.holderPid, other.pid);
        assert.match(err.message, /in use by process/);
        return true;
      });
      assert.equal(JSON.parse(readFileSync(`${file}.lock`, 'utf8')).pid, other.pid, 'the holder keeps its lock');
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('refuses a lock held from another host (its pid cannot be checked)', async () => {
    writeLock(1, 'some-other-machine');
    await assert.rejects(openStateStore({ path: file }), StateStoreLockedError);
  });

  it('takes over a lock whose process is gone (kill -9) or whose file is torn', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeLock(Number(gone.stdout));
    const a = await openStateStore({ path: file });
    assert.equal(JSON.parse(readFileSync(`${file}.lock`, 'utf8')).pid, process.pid);
    await a.close();
    // A torn lock (an older build's crash mid-write) counts as stale once it is a few seconds old…
    writeFileSync(`${file}.lock`, '{"pid": 12');
    utimesSync(`${file}.lock`, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    const b = await openStateStore({ path: file });
    await b.close();
    // …and a fresh one is waited on (it may be a lock being written right now), then taken over.
    writeFileSync(`${file}.lock`, '{"pid": 12');
    const c = await openStateStore({ path: file });
    assert.equal(JSON.parse(readFileSync(`${file}.lock`, 'utf8')).pid, process.pid);
    await c.close();
  });

  it('a takeover guard left by a process killed mid-takeover does not block the next start', async () => {
    // Seen in the crash suite: a kill inside the few-millisecond takeover left the guard,
    // and the next start gave up after its patience although the guard's owner was gone.
    const gone = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    writeLock(gone);
    writeFileSync(`${file}.lock.takeover`, JSON.stringify({ pid: gone, host: os.hostname(), since: new Date().toISOString() }));
    const started = Date.now();
    const a = await openStateStore({ path: file });
    assert.ok(Date.now() - started < 2_000, `opened after ${Date.now() - started} ms`);
    assert.equal(JSON.parse(readFileSync(`${file}.lock`, 'utf8')).pid, process.pid);
    assert.ok(!existsSync(`${file}.lock.takeover`));
    await a.close();
  });

  it('a takeover guard of a live process is respected', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      const gone = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
      writeLock(gone);
      writeFileSync(`${file}.lock.takeover`, JSON.stringify({ pid: other.pid, host: os.hostname(), since: new Date().toISOString() }));
      await assert.rejects(openStateStore({ path: file }), /being taken over/);
      assert.ok(existsSync(`${file}.lock.takeover`), 'the live guard stays');
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('removes temp files a killed process left while taking the lock, and only those', async () => {
    const gone = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      const dead = `${path.basename(file)}.lock.${gone}.0badf00d.tmp`;
      const live = `${path.basename(file)}.lock.${other.pid}.0c0ffee0.tmp`;
      const unrelated = `${path.basename(file)}.lock.notes.tmp`;
      const fresh = `${path.basename(file)}.lock.${gone}.0f0f0f0f.tmp`;
      const old = new Date(Date.now() - 60_000);
      for (const n of [dead, live, unrelated, fresh]) writeFileSync(path.join(dir, n), '{}');
      for (const n of [dead, live, unrelated]) utimesSync(path.join(dir, n), old, old);
      const a = await openStateStore({ path: file });
      await a.close();
      const left = readdirSync(dir);
      assert.ok(!left.includes(dead));
      assert.ok(left.includes(live) && left.includes(unrelated));
      assert.ok(left.includes(fresh), 'a fresh one may be another host\'s lock being written');
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('releases the lock when opening fails', async () => {
    const SQL = await initSqlJs();
    const future = new SQL.Database();
    future.exec('PRAGMA user_version = 999');
    writeFileSync(file, future.export());
    future.close();
    await assert.rejects(openStateStore({ path: file }), /newer than this build/);
    assert.ok(!existsSync(`${file}.lock`));
  });
});
