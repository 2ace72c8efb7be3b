import assert from 'node:assert/strict';
import type { StateStore } from '../../../src/sync/store';
import { FakeClock, memoryStore } from './helpers';

describe('store: config, documents, bases, projects, tasks, resources, log, webhook events', () => {
  let store: StateStore;
  let clock: FakeClock;
  beforeEach(async () => ({ store, clock } = await memoryStore()));
  afterEach(() => store.close());

  it('config round-trips JSON values', () => {
    store.setConfig('roots', ['a', 'b']);
    store.setConfig('lastPoll', { at: 5, cursor: null });
    store.setConfig('mode', 'publish');
    assert.deepEqual(store.getConfig<string[]>('roots'), ['a', 'b']);
    assert.deepEqual(store.getConfig('lastPoll'), { at: 5, cursor: null });
    store.setConfig('mode', 'bidirectional');
    assert.equal(store.getConfig<string>('mode'), 'bidirectional');
    assert.equal(store.getConfig('missing'), undefined);
    assert.equal(store.deleteConfig('mode'), true);
    assert.equal(store.deleteConfig('mode'), false);
    assert.equal(store.getConfig('mode'), undefined);
  });

  it('config refuses token- and secret-like keys', () => {
    for (const key of ['token', 'notionToken', 'API_TOKEN', 'webhookSecret', 'client_secret']) {
      assert.throws(() => store.setConfig(key, 'x'), /never stored/, key);
    }
    assert.throws(() => store.setConfig('fn', undefined as never), /JSON/);
  });

  it('documents: upsert, get by id and path, list, rename (mapping follows), delete (base goes too)', () => {
    const doc = store.upsertDocument({
      id: 'd1',
      path: 'docs/a.md',
      title: 'A',
      frontmatter: { notion_id: 'n1', tags: ['x'] },
      contentHash: 'h',
      size: 10,
      mtimeMs: 1234,
      notionId: 'n1',
      diagnostics: ['too deep'],
    });
    assert.deepEqual(doc, {
      id: 'd1',
      path: 'docs/a.md',
      title: 'A',
      frontmatter: { notion_id: 'n1', tags: ['x'] },
      contentHash: 'h',
      size: 10,
      mtimeMs: 1234,
      notionId: 'n1',
      scannedAt: clock.t,
      diagnostics: ['too deep'],
    });
    store.upsertDocument({ id: 'd0', path: 'docs/0.md' });
    assert.deepEqual(store.getDocumentByPath('docs/a.md'), doc);
    assert.deepEqual(store.listDocuments().map((d) => d.id), ['d0', 'd1']);
    clock.advance(1);
    const updated = store.upsertDocument({ id: 'd1', path: 'docs/a.md', size: 11 });
    assert.equal(updated.title, 'A', 'omitted fields keep their value');
    assert.equal(updated.size, 11);
    assert.equal(updated.scannedAt, clock.t);

    store.upsertMap({ localId: 'd1', notionId: 'n1', notionType: 'page', path: 'docs/a.md' });
    store.setBase('d1', 'base text', 'bh');
    assert.equal(store.renameDocument('d1', 'docs/b.md'), true);
    assert.equal(store.getDocument('d1')?.path, 'docs/b.md');
    assert.equal(store.getDocumentByPath('docs/a.md'), undefined);
    assert.equal(store.getMapByLocalId('d1')?.path, 'docs/b.md');
    assert.equal(store.renameDocument('missing', 'x.md'), false);

    // Renaming onto another document's path drops the overwritten one.
    assert.equal(store.renameDocument('d0', 'docs/b.md'), true);
    assert.equal(store.getDocument('d1'), undefined);
    assert.equal(store.getDocumentByPath('docs/b.md')?.id, 'd0');

    assert.equal(store.deleteDocument('d0'), true);
    assert.equal(store.deleteDocument('d0'), false);
    store.upsertDocument({ id: 'd2', path: 'x.md' });
    store.setBase('d2', 'b', 'h');
    store.deleteDocument('d2');
    assert.equal(store.getBase('d2'), undefined);
  });

  it('bases: set, overwrite, get', () => {
    assert.equal(store.getBase('d1'), undefined);
    store.setBase('d1', 'v1', 'h1');
    clock.advance(7);
    store.setBase('d1', 'v2', 'h2');
    assert.deepEqual(store.getBase('d1'), { localId: 'd1', content: 'v2', hash: 'h2', updatedAt: clock.t });
    assert.equal(store.deleteBase('d1'), true);
  });

  it('projects: upsert, get, list by root', () => {
    const p = store.upsertProject({ id: 'db1', dataSourceId: 'ds1', title: 'Tasks', rootId: 'r1', folder: 'notion/tasks', schema: { Status: { type: 'status' } } });
    assert.deepEqual(p, { id: 'db1', dataSourceId: 'ds1', title: 'Tasks', url: null, rootId: 'r1', folder: 'notion/tasks', schema: { Status: { type: 'status' } }, lastSyncedAt: null });
    store.upsertProject({ id: 'db2', title: 'Alpha', rootId: 'r2' });
    assert.equal(store.upsertProject({ id: 'db1', lastSyncedAt: 99 }).title, 'Tasks');
    assert.equal(store.getProject('db1')?.lastSyncedAt, 99);
    assert.deepEqual(store.listProjects().map((x) => x.id), ['db2', 'db1']);
    assert.deepEqual(store.listProjects('r1').map((x) => x.id), ['db1']);
    assert.equal(store.deleteProject('db2'), true);
  });

  it('tasks: upsert records each status change in the stage history', () => {
    const t = store.upsertTask({ notionId: 't1', projectId: 'db1', title: 'Write', status: 'Todo', dueDate: '2026-02-01', assignees: ['ann'], path: 'tasks/write.md', updatedAt: 50 });
    assert.deepEqual(t, { notionId: 't1', projectId: 'db1', title: 'Write', status: 'Todo', dueDate: '2026-02-01', assignees: ['ann'], path: 'tasks/write.md', updatedAt: 50 });
    clock.advance(10);
    store.upsertTask({ notionId: 't1', projectId: 'db1', title: 'Write it' }); // same status: no history
    clock.advance(10);
    store.upsertTask({ notionId: 't1', projectId: 'db1', status: 'Doing' });
    clock.advance(10);
    store.upsertTask({ notionId: 't1', projectId: 'db1', status: 'Done' });
    store.upsertTask({ notionId: 't2', projectId: 'db2', title: 'No status' });
    const history = store.getTaskStageHistory('t1').map((h) => [h.fromStatus, h.toStatus, h.changedAt - clock.t]);
    assert.deepEqual(history, [
      [null, 'Todo', -30],
      ['Todo', 'Doing', -10],
      ['Doing', 'Done', 0],
    ]);
    assert.deepEqual(store.getTaskStageHistory('t2'), []);
    assert.equal(store.getTask('t1')?.title, 'Write it');
    assert.deepEqual(store.listTasks().map((x) => x.notionId), ['t1', 't2']);
    assert.deepEqual(store.listTasks('db2').map((x) => x.notionId), ['t2']);
    assert.equal(store.deleteTask('t1'), true);
    assert.equal(store.deleteTask('t1'), false);
    assert.equal(store.getTaskStageHistory('t1').length, 3, 'history outlives the task');
  });

  it('resources: replace per page, list', () => {
    store.replaceResources('p1', [
      { kind: 'link', url: 'https://a.example' },
      { kind: 'image', url: 'https://b.example/i.png', title: 'pic' },
    ]);
    store.replaceResources('p2', [{ kind: 'pdf', url: 'https://c.example/x.pdf' }]);
    const replaced = store.replaceResources('p1', [{ kind: 'bookmark', url: 'https://d.example', title: 'D' }]);
    assert.deepEqual(replaced.map((r) => [r.pageNotionId, r.kind, r.url, r.title]), [['p1', 'bookmark', 'https://d.example', 'D']]);
    assert.deepEqual(store.listResources().map((r) => r.pageNotionId), ['p1', 'p2']);
    assert.deepEqual(store.listResources('p2').map((r) => r.kind), ['pdf']);
    assert.throws(() => store.replaceResources('p1', [{ kind: 'gif' as never, url: 'x' }]), /unknown resource kind/);
    assert.equal(store.listResources('p1').length, 1, 'a refused replace leaves the old rows');
  });

  it('media rows: save, update, look up by path and URL, follow a moved folder, delete', () => {
    const a = store.saveMedia({ pageNotionId: 'p1', kind: 'image', url: 'https://f.example/1/a.png', blockId: 'b1', localPath: 'n/P.media/a.png', hash: 'h1', size: 10, state: 'synced' });
    store.saveMedia({ pageNotionId: 'p2', kind: 'pdf', url: 'https://f.example/2/b.pdf', localPath: 'n/Q.media/b.pdf', state: 'error', lastError: 'HTTP 500' });
    assert.deepEqual(store.listMedia('p1').map((r) => r.localPath), ['n/P.media/a.png']);
    assert.equal(store.listMedia().length, 2);
    assert.equal(store.getMediaByUrl('https://f.example/2/b.pdf')?.lastError, 'HTTP 500');
    const updated = store.saveMedia({ ...a, hash: 'h2', size: 11 });
    assert.deepEqual([updated.id, updated.hash, updated.size], [a.id, 'h2', 11]);
    store.moveMediaPaths('n/P.media', 'n/Renamed.media');
    assert.equal(store.getMediaByPath('n/Renamed.media/a.png')?.id, a.id);
    assert.equal(store.getMediaByPath('n/P.media/a.png'), undefined);
    store.deleteMedia(a.id);
    assert.deepEqual(store.listMedia().map((r) => r.pageNotionId), ['p2']);
    assert.throws(() => store.saveMedia({ pageNotionId: 'p', kind: 'gif' as never, url: 'x', localPath: 'x', state: 'synced' }), /unknown resource kind/);
  });

  it('sync log: append, list newest first, since, limit, prune', () => {
    const id1 = store.appendLog({ level: 'info', message: 'pulled', operation: 'pull_root', notionId: 'r1' });
    clock.advance(1000);
    store.appendLog({ level: 'error', message: 'push failed', localId: 'l1', details: { status: 502 } });
    clock.advance(1000);
    store.appendLog({ level: 'warn', message: 'slow' });
    const all = store.listLog({ limit: 10 });
    assert.deepEqual(all.map((e) => e.message), ['slow', 'push failed', 'pulled']);
    assert.deepEqual(all[1].details, { status: 502 });
    assert.equal(all[2].id, id1);
    assert.equal(all[2].operation, 'pull_root');
    assert.equal(all[2].details, null);
    assert.deepEqual(store.listLog({ limit: 10, since: clock.t - 1000 }).map((e) => e.level), ['warn', 'error']);
    assert.equal(store.listLog({ limit: 1 }).length, 1);
    clock.advance(86_400_000);
    assert.equal(store.pruneLog(1), 2, "entries from before the cutoff go");
    assert.deepEqual(store.listLog({ limit: 10 }).map((e) => e.message), ["slow"]);
  });

  it('webhook events are recorded once', () => {
    assert.equal(store.recordWebhookEvent('e1', 'page.content_updated', 1), true);
    assert.equal(store.recordWebhookEvent('e1', 'page.content_updated', 2), false);
    assert.equal(store.recordWebhookEvent('e2', 'page.deleted', 3), true);
    assert.equal(store.pruneWebhookEvents(2), 1);
    assert.equal(store.recordWebhookEvent('e1', 'page.content_updated', 4), true);
  });
});
