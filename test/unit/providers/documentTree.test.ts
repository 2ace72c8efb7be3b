import assert from 'node:assert/strict';
import { buildDocumentTree, changedNodes, docItemShape, partialPaths, type DocNode } from '../../../src/providers/documentTree';
import { fileStatuses } from '../../../src/sync/engine/fileStates';
import { mapRow, NOW } from './fixtures';

const ROOT = '11111111-1111-1111-1111-111111111111';
const DB = '22222222-2222-2222-2222-222222222222';

function labels(nodes: DocNode[], depth = 0): string[] {
  return nodes.flatMap((n) => [`${'  '.repeat(depth)}${n.label} [${n.kind}]`, ...labels(n.children, depth + 1)]);
}

describe('Documents view model', () => {
  const maps = [
    mapRow({ path: 'notion/Handbook.md', notionId: ROOT, rootId: ROOT, title: 'Handbook', syncedAt: NOW - 120_000 }),
    mapRow({ path: 'notion/Handbook/Onboarding.md', rootId: ROOT, title: 'Onboarding', state: 'conflict' }),
    mapRow({ path: 'notion/Handbook/Engineering.md', rootId: ROOT, title: 'Engineering' }),
    mapRow({ path: 'notion/Handbook/Engineering/Architecture.md', rootId: ROOT, title: 'Architecture', state: 'modified' }),
    mapRow({ path: 'notion/Handbook/Tasks', notionId: DB, notionType: 'database', rootId: ROOT, title: 'Tasks' }),
    mapRow({ path: 'notion/Handbook/Tasks/Ship it.md', rootId: ROOT, title: 'Ship it' }),
    mapRow({ path: 'notion/Handbook/Old.md', rootId: ROOT, title: 'Old', state: 'trashed' }),
  ];

  it('nests pages under their parent page, one node for Title.md and its Title/ folder', () => {
    const tree = buildDocumentTree(maps, { folder: 'notion' });
    assert.deepEqual(labels(tree), [
      'Handbook [root]',
      '  Engineering [document]',
      '    Architecture [document]',
      '  Tasks [folder]',
      '    Ship it [document]',
      '  Onboarding [document]',
    ]);
  });

  it('leaves trashed files out and keeps node ids stable across rebuilds', () => {
    const a = buildDocumentTree(maps, { folder: 'notion' });
    const b = buildDocumentTree([...maps].reverse(), { folder: 'notion/' });
    assert.deepEqual(labels(a), labels(b));
    assert.equal(a[0].id, 'doc:Handbook');
    assert.equal(a[0].children[0].id, 'doc:Handbook/Engineering');
    assert.ok(!labels(a).some((l) => l.includes('Old')));
  });

  it('shows a synced file saved since the last sync as modified locally', () => {
    const tree = buildDocumentTree(maps, { folder: 'notion', statuses: fileStatuses(maps, [], new Set(['notion/Handbook/Engineering.md'])) });
    const eng = tree[0].children.find((n) => n.label === 'Engineering');
    assert.equal(eng?.state, 'modified');
    assert.equal(docItemShape(eng as DocNode, NOW).description, 'modified');
    assert.match(docItemShape(eng as DocNode, NOW).tooltip, /State: modified locally/);
  });

  it('shapes items: state and last sync in the description, details in the tooltip, contextValue for menus', () => {
    const tree = buildDocumentTree(maps, { folder: 'notion' });
    const root = docItemShape(tree[0], NOW);
    assert.equal(root.contextValue, 'root');
    assert.equal(root.description, '2 min ago');
    assert.equal(root.openPath, 'notion/Handbook.md');
    assert.match(root.tooltip, /Last synced .* \(2 min ago\)/);
    const onboarding = docItemShape(tree[0].children.find((n) => n.label === 'Onboarding') as DocNode, NOW);
    assert.equal(onboarding.contextValue, 'document');
    assert.equal(onboarding.description, 'conflict');
    assert.equal(onboarding.icon, 'warning');
    assert.match(onboarding.tooltip, /State: conflict/);
    assert.match(onboarding.tooltip, /Not synced yet/);
    const tasks = docItemShape(tree[0].children.find((n) => n.label === 'Tasks') as DocNode, NOW);
    assert.equal(tasks.contextValue, 'folder');
    assert.equal(tasks.icon, 'database');
    assert.equal(tasks.openPath, undefined);
    assert.doesNotMatch(tasks.tooltip, /Not synced yet/, 'a database folder is not "not synced"');
  });

  it('badges and explains a page pulled only in part', () => {
    const tree = buildDocumentTree([mapRow({ path: 'notion/A.md', title: 'A', syncedAt: NOW })], { folder: 'notion', partialPaths: partialPaths([{ path: 'notion/A.md', frontmatter: { notion_partial: true } }]) });
    const shape = docItemShape(tree[0], NOW);
    assert.match(shape.description, /^partial · /);
    assert.match(shape.tooltip, /Partial: Notion could not render all of this page/);
  });

  it('uses the file name when a page has no title, and shows files linked outside the folder', () => {
    const tree = buildDocumentTree([mapRow({ path: 'docs/readme.md', title: null })], { folder: 'notion' });
    assert.deepEqual(labels(tree), ['docs [folder]', '  readme [document]']);
  });

  it('refreshes incrementally: only the nodes whose content changed while the shape holds, else the whole tree', () => {
    const before = buildDocumentTree(maps, { folder: 'notion' });
    assert.deepEqual(changedNodes(before, buildDocumentTree(maps, { folder: 'notion' })), [], 'a rebuild of the same state changes nothing');
    const edited = maps.map((m) => (m.path === 'notion/Handbook/Engineering.md' ? { ...m, state: 'modified' as const, updatedAt: NOW + 1 } : m));
    const changed = changedNodes(before, buildDocumentTree(edited, { folder: 'notion' }));
    assert.deepEqual(
      changed?.map(([shown, next]) => [shown.id, next.state]),
      [['doc:Handbook/Engineering', 'modified']],
    );
    assert.equal(changed?.[0][0], before[0].children.find((n) => n.label === 'Engineering'), 'the shown node object, which the view updates in place');
    const added = [...maps, mapRow({ path: 'notion/Handbook/New.md', rootId: ROOT, title: 'New' })];
    assert.equal(changedNodes(before, buildDocumentTree(added, { folder: 'notion' })), null, 'a new file changes the shape');
    const moved = maps.map((m) => (m.path === 'notion/Handbook/Onboarding.md' ? { ...m, path: 'notion/Handbook/Engineering/Onboarding.md' } : m));
    assert.equal(changedNodes(before, buildDocumentTree(moved, { folder: 'notion' })), null, 'a move changes the shape');
  });
});
