import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import initSqlJs from 'sql.js';
import { MemoryLogger } from '../../../src/sync/logger';
import { latestVersion, loadMigrations, openStateStore, type StateStore } from '../../../src/sync/store';
import { tempDir } from './helpers';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function readBack(file: string): Promise<StateStore> {
  return openStateStore({ path: file });
}

describe('store: persistence and migrations', () => {
  let dir: string;
  let cleanup: () => void;
  let file: string;
  const open: StateStore[] = [];
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    file = path.join(dir, 'nested', 'deeper', 'state.sqlite');
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close().catch(() => undefined);
    cleanup();
  });
  const track = (s: StateStore) => (open.push(s), s);

  it('creates parent folders and a file at the latest schema version', async () => {
    const store = track(await openStateStore({ path: file }));
    assert.ok(existsSync(file));
    assert.equal(store.path, file);
    assert.equal(store.schemaVersion, latestVersion());
    assert.ok(latestVersion() >= 2);
    assert.equal(store.recoveredFromCorruption, false);
    assert.equal(store.integrityCheck(), 'ok');
  });

  it('a memory store has no path and flush is a no-op', async () => {
    const store = track(await openStateStore({}));
    assert.equal(store.path, undefined);
    store.setConfig('a', 1);
    await store.flush();
    assert.equal(store.schemaVersion, latestVersion());
  });

  it('writes reach disk after the debounce, batched into one flush', async () => {
    const logger = new MemoryLogger();
    const store = track(await openStateStore({ path: file, flushDelayMs: 100, logger }));
    const flushLines = () => logger.lines.filter((l) => l.includes('flushed')).length;
    const before = flushLines();
    const bytesBefore = readFileSync(file);
    const started = Date.now();
    for (let i = 0; i < 100; i++) store.enqueue({ operation: 'update', notionId: `p${i}` });
    assert.equal(store.isDirty, true);
    assert.deepEqual(readFileSync(file), bytesBefore, 'nothing written before the debounce');
    while (flushLines() === before && Date.now() - started < 5000) await sleep(10);
    assert.ok(Date.now() - started >= 100, 'not flushed before the delay');
    assert.equal(store.isDirty, false);
    assert.equal(flushLines() - before, 1, 'one flush for 100 writes');
    const other = await readBack(file);
    assert.equal(other.getQueue().length, 100);
    await other.close();
  });

  it('flush() forces a write; close() flushes; a closed store refuses calls', async () => {
    const store = await openStateStore({ path: file, flushDelayMs: 60_000 });
    store.setConfig('a', 1);
    await store.flush();
    let other = await readBack(file);
    assert.equal(other.getConfig('a'), 1);
    await other.close();
    store.setConfig('b', 2);
    await store.close();
    await store.close(); // idempotent
    assert.throws(() => store.getConfig('a'), /closed/);
    other = await readBack(file);
    assert.equal(other.getConfig('b'), 2);
    await other.close();
  });

  it('flush() called inside a transaction waits for it to finish', async () => {
    const store = track(await openStateStore({ path: file, flushDelayMs: 60_000 }));
    let pending: Promise<void> | undefined;
    store.transaction(() => {
      store.setConfig('x', 1);
      pending = store.flush();
      store.setConfig('y', 2);
    });
    await pending;
    const other = await readBack(file);
    assert.equal(other.getConfig('y'), 2);
    await other.close();
  });

  it('concurrent flushes serialise and the last state wins', async () => {
    const store = track(await openStateStore({ path: file, flushDelayMs: 60_000 }));
    const flushes: Promise<void>[] = [];
    for (let i = 0; i < 20; i++) {
      store.setConfig('n', i);
      flushes.push(store.flush());
    }
    await Promise.all(flushes);
    const other = await readBack(file);
    assert.equal(other.getConfig('n'), 19);
    await other.close();
    assert.deepEqual(readdirSync(path.dirname(file)).sort(), ['state.sqlite', 'state.sqlite.lock'], 'no temp files left');
  });

  it('a failed flush keeps the data dirty, leaves no temp file, and is retried on a timer', async () => {
    const store = track(await openStateStore({ path: file, flushDelayMs: 20 }));
    rmSync(file);
    mkdirSync(file); // rename onto a non-empty directory fails
    writeFileSync(path.join(file, 'blocker'), 'x');
    store.setConfig('v', 1);
    await assert.rejects(store.flush());
    assert.equal(store.isDirty, true);
    assert.deepEqual(readdirSync(path.dirname(file)).sort(), ['state.sqlite', 'state.sqlite.lock']);
    rmSync(file, { recursive: true });
    const started = Date.now();
    // No further write or flush() call: the retry timer alone must land it.
    while (store.isDirty || !existsSync(file)) {
      assert.ok(Date.now() - started < 5000, 'the retry never landed');
      await sleep(10);
    }
    await sleep(20);
    const other = await readBack(file);
    assert.equal(other.getConfig('v'), 1);
    await other.close();
  });

  it('a failed timed flush is logged and retried until it succeeds', async () => {
    const logger = new MemoryLogger();
    const store = track(await openStateStore({ path: file, flushDelayMs: 20, logger }));
    rmSync(file);
    mkdirSync(file);
    writeFileSync(path.join(file, 'blocker'), 'x');
    store.setConfig('v', 7);
    const started = Date.now();
    while (!logger.lines.some((l) => l.startsWith('[error]')) && Date.now() - started < 5000) await sleep(10);
    assert.ok(logger.lines.some((l) => l.startsWith('[error]') && l.includes('will retry')));
    rmSync(file, { recursive: true });
    while (store.isDirty || !existsSync(file)) {
      assert.ok(Date.now() - started < 5000, 'retried flush never landed');
      await sleep(10);
    }
    await store.flush();
    const other = await readBack(file);
    assert.equal(other.getConfig('v'), 7);
    await other.close();
  });

  it('moves a corrupt file aside, warns, and starts fresh', async () => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'this is not a database, just some text '.repeat(200));
    const logger = new MemoryLogger();
    const store = track(await openStateStore({ path: file, logger, now: () => Date.UTC(2026, 2, 3, 4, 5, 6) }));
    assert.equal(store.recoveredFromCorruption, true);
    assert.equal(store.schemaVersion, latestVersion());
    const aside = path.join(path.dirname(file), 'state.sqlite.corrupt-2026-03-03T04-05-06-000Z');
    assert.ok(existsSync(aside));
    assert.match(readFileSync(aside, 'utf8'), /not a database/);
    const warn = logger.lines.find((l) => l.startsWith('[warn]'));
    assert.ok(warn?.includes('unreadable') && warn.includes(aside), warn);
    store.setConfig('fresh', true);
    await store.flush();
    const other = await readBack(file);
    assert.equal(other.recoveredFromCorruption, false);
    assert.equal(other.getConfig('fresh'), true);
    await other.close();
  });

  it('detects a truncated database as corrupt', async () => {
    const store = await openStateStore({ path: file });
    for (let i = 0; i < 500; i++) store.upsertDocument({ id: `d${i}`, path: `docs/${i}.md`, title: 'x'.repeat(200) });
    await store.close();
    truncateSync(file, Math.floor(statSync(file).size / 2));
    const again = track(await openStateStore({ path: file }));
    assert.equal(again.recoveredFromCorruption, true);
    assert.equal(again.listDocuments().length, 0);
    assert.equal(readdirSync(path.dirname(file)).filter((n) => n.includes('.corrupt-')).length, 1);
  });

  it('removes temp files left by an interrupted flush, and nothing else', async () => {
    mkdirSync(path.dirname(file), { recursive: true });
    const leftovers = ['state.sqlite.tmp-123-deadbeef', 'state.sqlite.tmp-99-0'];
    for (const name of leftovers) writeFileSync(path.join(path.dirname(file), name), 'partial');
    writeFileSync(path.join(path.dirname(file), 'unrelated.txt'), 'keep me');
    const logger = new MemoryLogger();
    track(await openStateStore({ path: file, logger }));
    assert.deepEqual(readdirSync(path.dirname(file)).sort(), ['state.sqlite', 'state.sqlite.lock', 'unrelated.txt']);
    assert.ok(logger.lines.some((l) => l.includes('removed 2 temp file(s)')));
  });

  it('an empty file is treated as a new database', async () => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '');
    const store = track(await openStateStore({ path: file }));
    assert.equal(store.recoveredFromCorruption, false);
    assert.equal(store.schemaVersion, latestVersion());
    assert.ok(statSync(file).size > 0);
  });

  it('upgrades a version-1 database in place, keeping its data', async () => {
    const SQL = await initSqlJs();
    const v1 = new SQL.Database();
    v1.exec(loadMigrations()[0].sql);
    v1.exec('PRAGMA user_version = 1');
    v1.run(`INSERT INTO binder_documents (id, path, title, frontmatter, size, mtime_ms, scanned_at) VALUES ('d1', 'a.md', 'A', '{"k":1}', 3, 4, 5)`);
    v1.run(`INSERT INTO notion_maps (local_id, notion_id, notion_type, path, state, created_at, updated_at) VALUES ('d1', 'n1', 'page', 'a.md', 'synced', 1, 2)`);
    v1.run(`INSERT INTO notion_sync_queue (operation, notion_id, next_attempt_at, created_at, updated_at, status) VALUES ('update', 'n1', 0, 0, 0, 'processing')`);
    v1.run(`INSERT INTO binder_tasks (notion_id, project_id, status, updated_at) VALUES ('t1', 'db1', 'Todo', 1)`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, v1.export());
    v1.close();

    const logger = new MemoryLogger();
    const store = track(await openStateStore({ path: file, logger }));
    assert.equal(store.schemaVersion, latestVersion());
    assert.equal(store.recoveredFromCorruption, false);
    assert.ok(logger.lines.some((l) => l.includes('applied schema migration 002_')));
    assert.ok(!logger.lines.some((l) => l.includes('applied schema migration 001_')));
    const doc = store.getDocument('d1');
    assert.deepEqual(doc, { id: 'd1', path: 'a.md', title: 'A', frontmatter: { k: 1 }, contentHash: null, size: 3, mtimeMs: 4, notionId: null, scannedAt: 5, diagnostics: [] });
    assert.equal(store.getMapByNotionId('n1')?.state, 'synced');
    assert.equal(store.getQueue()[0].status, 'pending', 'interrupted work recovered');
    // New schema present and working.
    store.setBase('d1', 'base', 'h');
    assert.equal(store.getBase('d1')?.content, 'base');
    assert.equal(store.recordWebhookEvent('e', 't', 1), true);
    store.upsertTask({ notionId: 't1', projectId: 'db1', status: 'Done' });
    assert.deepEqual(store.getTaskStageHistory('t1').map((h) => [h.fromStatus, h.toStatus]), [['Todo', 'Done']]);
    // The upgrade itself was persisted.
    const onDisk = new SQL.Database(readFileSync(file));
    assert.equal(onDisk.exec('PRAGMA user_version')[0].values[0][0], latestVersion());
    onDisk.close();
  });

  it('upgrades a version-2 database: binder_resources keeps its rows and gains the media columns', async () => {
    const SQL = await initSqlJs();
    const v2 = new SQL.Database();
    for (const m of loadMigrations().slice(0, 2)) v2.exec(m.sql);
    v2.exec('PRAGMA user_version = 2');
    v2.run(`INSERT INTO binder_resources (page_notion_id, kind, url, title) VALUES ('p1', 'bookmark', 'https://a.example', 'A')`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, v2.export());
    v2.close();
    const store = track(await openStateStore({ path: file, logger: new MemoryLogger() }));
    assert.deepEqual(store.listResources('p1').map((r) => [r.kind, r.url, r.title]), [['bookmark', 'https://a.example', 'A']]);
    const m = store.saveMedia({ pageNotionId: 'p1', kind: 'audio', url: 'https://files.example/a/song.mp3', blockId: 'b1', localPath: 'n/P.media/song.mp3', hash: 'h', size: 3, state: 'synced' });
    assert.deepEqual([m.kind, m.blockId, m.state], ['audio', 'b1', 'synced']);
    // A page's links are replaced wholesale; its media rows stay.
    store.replaceResources('p1', []);
    assert.deepEqual(store.listResources('p1').map((r) => r.kind), ['audio']);
  });

  it('refuses a database from a newer build and leaves the file alone', async () => {
    const SQL = await initSqlJs();
    const future = new SQL.Database();
    future.exec(`CREATE TABLE x (a); PRAGMA user_version = ${latestVersion() + 1}`);
    mkdirSync(path.dirname(file), { recursive: true });
    const bytes = future.export();
    writeFileSync(file, bytes);
    future.close();
    await assert.rejects(openStateStore({ path: file }), /newer than this build/);
    assert.deepEqual(new Uint8Array(readFileSync(file)), bytes);
  });

  it('processing rows left by a crash are pending again after reopening', async () => {
    const store = await openStateStore({ path: file });
    store.enqueue({ operation: 'update', notionId: 'a' });
    store.claimDue(1);
    await store.close();
    const again = track(await openStateStore({ path: file }));
    assert.deepEqual(again.queueCounts(), { pending: 1, processing: 0, error: 0, dead: 0, done: 0 });
  });

  it('accepts an explicit wasmPath and fails clearly on a wrong one', async () => {
    const wasmPath = require.resolve('sql.js/dist/sql-wasm.wasm');
    const store = track(await openStateStore({ wasmPath }));
    assert.equal(store.schemaVersion, latestVersion());
    await assert.rejects(openStateStore({ wasmPath: path.join(dir, 'missing.wasm') }), /ENOENT/);
  });

  it('migrations are numbered 1..n from schema/*.sql', () => {
    const all = loadMigrations();
    assert.deepEqual(all.map((m) => m.version), all.map((_, i) => i + 1));
    assert.match(all[0].name, /^001_.*\.sql$/);
    assert.ok(all[0].sql.includes('CREATE TABLE notion_sync_queue'));
  });
});
