// The plan of a pull, as a table: for each situation of Notion, the file and the
// stored base, the actions the pull carries out, asserted on the plan value
// alone (no disk, no store, no Notion). The appliers run these same plans in the
// integration suites (engine-pull, engine-bidirectional, engine-dryrun).
import assert from 'node:assert/strict';
import { planFile, planGone, planMove, planParent, RESTORED_DETAIL, type FileAction, type FileSituation } from '../../../src/sync/engine/plan';
import { fileHash } from '../../../src/sync/engine/render';

const PATH = 'notion/Handbook/Guide.md';
const file = (body: string) => `---\nnotion_id: 0123456789abcdef0123456789abcdef\ntitle: Guide\n---\n${body}`;
const V0 = file('One.\n\nTwo.\n\nThree.\n');
const LOCAL = file('One, edited here.\n\nTwo.\n\nThree.\n');
const REMOTE = file('One.\n\nTwo.\n\nThree, edited in Notion.\n');
const REMOTE_OVERLAP = file('One, edited in Notion.\n\nTwo.\n\nThree.\n');
const h = fileHash;

/** A page synced at V0 (file, base and Notion all V0), with the changes given. */
function synced(over: Partial<FileSituation> & { mode?: FileSituation['mode'] }): FileSituation {
  return {
    mode: 'publish',
    path: PATH,
    remote: { text: V0, newerThanFile: false },
    local: V0,
    known: { localHash: h(V0), remoteHash: h(V0), state: 'synced', syncedAt: 1000 },
    base: { content: V0, hash: h(V0) },
    ...over,
  };
}

const kinds = (plan: FileAction[]) => plan.map((a) => (a.kind === 'report' ? `report:${a.change}` : a.kind));
const write = (plan: FileAction[]) => plan.find((a) => a.kind === 'write-file');
const mapping = (plan: FileAction[]) => plan.find((a) => a.kind === 'update-mapping');

describe('plan: one page file, from Notion, the file and the base (pure)', () => {
  const table: Array<{ situation: string; given: FileSituation; actions: string[] }> = [
    { situation: 'unchanged on both sides: only the mapping is touched (sync time), nothing written', given: synced({}), actions: ['update-mapping'] },
    {
      situation: 'neither side moved since settled, though they differ (a merge waiting for its push): nothing',
      given: synced({ local: LOCAL, known: { localHash: h(LOCAL), remoteHash: h(V0), state: 'modified', syncedAt: 1000 } }),
      actions: [],
    },
    {
      situation: 'local edit, publish mode: kept local, marked modified',
      given: synced({ local: LOCAL }),
      actions: ['report:keep-local', 'update-mapping', 'log'],
    },
    {
      situation: 'local edit, bidirectional: kept and pushed',
      given: synced({ mode: 'bidirectional', local: LOCAL }),
      actions: ['report:keep-local', 'update-mapping', 'log', 'push-edit'],
    },
    {
      situation: 'local edit already noticed: no second report',
      given: synced({ local: LOCAL, known: { localHash: h(V0), remoteHash: h(V0), state: 'modified', syncedAt: 1000 } }),
      actions: ['update-mapping'],
    },
    {
      situation: 'remote edit: Notion version written',
      given: synced({ remote: { text: REMOTE, newerThanFile: true } }),
      actions: ['write-file', 'report:update', 'update-mapping', 'set-base', 'log'],
    },
    {
      situation: 'both edited, publish mode: conflict, file kept',
      given: synced({ local: LOCAL, remote: { text: REMOTE, newerThanFile: true } }),
      actions: ['report:conflict', 'record-conflict', 'update-mapping', 'log'],
    },
    {
      situation: 'both edited, bidirectional, apart: merged, written and pushed',
      given: synced({ mode: 'bidirectional', local: LOCAL, remote: { text: REMOTE, newerThanFile: true } }),
      actions: ['write-file', 'report:merge', 'update-mapping', 'set-base', 'log', 'push-edit'],
    },
    {
      situation: 'both edited, bidirectional, same lines: conflict',
      given: synced({ mode: 'bidirectional', local: LOCAL, remote: { text: REMOTE_OVERLAP, newerThanFile: true } }),
      actions: ['report:conflict', 'record-conflict', 'update-mapping', 'log'],
    },
    {
      situation: 'local file deleted: written again from Notion (an update, not a create, saying why)',
      given: synced({ local: null }),
      actions: ['write-file', 'report:update', 'update-mapping', 'set-base', 'log'],
    },
    {
      situation: 'new page (a new remote child, also of a page not yet pulled): created',
      given: synced({ local: null, known: null, base: null, remote: { text: REMOTE, newerThanFile: true } }),
      actions: ['write-file', 'report:create', 'update-mapping', 'set-base', 'log'],
    },
    {
      situation: 'both already agree (e.g. same edit on both sides): recorded in sync, nothing written',
      given: synced({ local: REMOTE, remote: { text: REMOTE, newerThanFile: true } }),
      actions: ['update-mapping', 'set-base'],
    },
    {
      situation: 'a file adopted without a base, Notion unchanged since: kept, Notion taken as its base',
      given: synced({ local: LOCAL, known: null, base: null, remote: { text: V0, newerThanFile: false } }),
      actions: ['report:keep-local', 'update-mapping', 'set-base', 'log'],
    },
    {
      situation: 'a file adopted without a base, Notion edited since: conflict, never an overwrite',
      given: synced({ local: LOCAL, known: null, base: null, remote: { text: REMOTE, newerThanFile: true } }),
      actions: ['report:conflict', 'record-conflict', 'update-mapping', 'log'],
    },
  ];
  for (const row of table) {
    it(row.situation, () => assert.deepEqual(kinds(planFile(row.given)), row.actions));
  }

  it('a write replaces only the text it read, and keeps a backup when that text was not the base', () => {
    const plain = write(planFile(synced({ remote: { text: REMOTE, newerThanFile: true } })));
    assert.deepEqual(plain, { kind: 'write-file', path: PATH, text: REMOTE, expected: V0, backupFirst: false });
    // The file is as we left it after a push Notion reformatted: not the base, so it is backed up before the write.
    const reformatted = synced({ local: LOCAL, known: { localHash: h(LOCAL), remoteHash: h(V0), state: 'synced', syncedAt: 1 }, remote: { text: REMOTE, newerThanFile: true } });
    assert.equal(write(planFile(reformatted))?.backupFirst, true);
    assert.equal(write(planFile(synced({ local: null, known: null, base: null })))?.expected, null, 'a new file is created only where none exists');
  });

  it('a file the person deleted is reported as restored, with why; a plain update says nothing more', () => {
    const detail = (plan: FileAction[]) => plan.flatMap((a) => (a.kind === 'report' ? [a.detail] : []))[0];
    assert.equal(detail(planFile(synced({ local: null }))), RESTORED_DETAIL);
    assert.equal(detail(planFile(synced({ remote: { text: REMOTE, newerThanFile: true } }))), undefined);
    assert.equal(detail(planFile(synced({ local: null, known: null, base: null }))), undefined, 'a new page is no restore');
  });

  it('the merge is three-way against the base, and the file is marked modified until the push', () => {
    const plan = planFile(synced({ mode: 'bidirectional', local: LOCAL, remote: { text: REMOTE, newerThanFile: true } }));
    assert.equal(write(plan)?.text, file('One, edited here.\n\nTwo.\n\nThree, edited in Notion.\n'));
    assert.deepEqual(mapping(plan), { kind: 'update-mapping', mapping: { localHash: h(write(plan)!.text), remoteHash: h(REMOTE), state: 'modified', publishedAt: 'now' } });
    assert.deepEqual(plan.find((a) => a.kind === 'set-base'), { kind: 'set-base', text: REMOTE, hash: h(REMOTE) }, "Notion's version becomes the base");
  });

  it('a conflict records all three versions and leaves the file alone', () => {
    const plan = planFile(synced({ local: LOCAL, remote: { text: REMOTE, newerThanFile: true } }));
    assert.equal(write(plan), undefined);
    assert.deepEqual(plan.find((a) => a.kind === 'record-conflict'), {
      kind: 'record-conflict',
      base: { content: V0, hash: h(V0) },
      local: { text: LOCAL, hash: h(LOCAL) },
      remote: { text: REMOTE, hash: h(REMOTE) },
    });
    assert.deepEqual(mapping(plan), { kind: 'update-mapping', mapping: { state: 'conflict' } });
  });
});

describe('plan: where a page file goes (pure)', () => {
  const known = { path: PATH };
  it('remote deleted or trashed: the file goes to the workspace trash; nothing to do without a file', () => {
    assert.deepEqual(planGone('in-trash', known), [{ kind: 'trash', reason: 'moved to the trash in Notion' }]);
    assert.deepEqual(planGone('missing', known), [{ kind: 'trash', reason: 'no longer shared or deleted in Notion' }]);
    assert.deepEqual(planGone('missing', null), []);
  });
  it('moved or renamed in Notion: the file follows', () => {
    assert.deepEqual(planMove(known, 'notion/Handbook/Team/Guide.md'), [{ kind: 'move-file', from: PATH, to: 'notion/Handbook/Team/Guide.md' }]);
    assert.deepEqual(planMove(known, PATH), []);
    assert.deepEqual(planMove(null, PATH), [], 'a new page has nothing to move');
  });
  it('a new child of a page not yet pulled: its parent is synced first', () => {
    assert.deepEqual(planParent({ kind: 'not-synced', notionId: 'parent' }, null), [{ kind: 'sync-parent', notionId: 'parent' }]);
  });
  it('moved out from under every root: trashed like a delete; under a synced folder: stays', () => {
    assert.deepEqual(planParent({ kind: 'outside' }, known), [{ kind: 'trash', reason: 'moved out of the synced pages in Notion' }]);
    assert.deepEqual(planParent({ kind: 'outside' }, null), []);
    assert.deepEqual(planParent({ kind: 'placed', placement: { dir: 'notion/Handbook' } }, known), []);
  });
});
