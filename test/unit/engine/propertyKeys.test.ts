import assert from 'node:assert/strict';
import { parseDocument } from '../../../src/sync/documents/frontmatter';
import type { NotionPage } from '../../../src/sync/notion/types';
import { propertyValues } from '../../../src/sync/engine/pushPlan';
import { propertyKey, propertyNameOf, renderPageFile } from '../../../src/sync/engine/render';

const text = (s: string) => [{ type: 'text', text: { content: s, link: null }, plain_text: s, href: null }];

/** A database row whose properties use names the engine also uses as frontmatter keys. */
function row(): NotionPage {
  const properties = {
    Name: { id: 't', type: 'title', title: text('Row one') },
    notion_id: { id: 'a', type: 'rich_text', rich_text: text('value of notion_id') },
    'notion_id (property)': { id: 'b', type: 'rich_text', rich_text: text('value of notion_id (property)') },
    title: { id: 'c', type: 'rich_text', rich_text: text('value of title') },
    Status: { id: 'd', type: 'rich_text', rich_text: text('Open') },
  };
  return {
    object: 'page',
    id: '11111111-2222-4333-8444-555555555555',
    url: 'https://www.notion.so/Row-one-11111111222243338444555555555555',
    title: 'Row one',
    parent: { type: 'data_source', id: '99999999-2222-4333-8444-555555555555' },
    createdTime: '2026-11-01T00:00:00.000Z',
    lastEditedTime: '2026-11-01T00:00:00.000Z',
    inTrash: false,
    properties,
    raw: {},
  } as unknown as NotionPage;
}

describe('engine: database property names never collide with each other or with engine keys', () => {
  it('maps names to keys one to one, and back', () => {
    const names = ['notion_id', 'notion_id (property)', 'notion_id (property) (property)', 'title', 'Status', 'x (property)', 'notion_url'];
    const keys = names.map(propertyKey);
    assert.equal(new Set(keys).size, names.length, keys.join(' | '));
    for (const n of names) assert.equal(propertyNameOf(propertyKey(n)), n);
    for (const engineKey of ['notion_id', 'notion_url', 'notion_last_edited', 'title', 'notion_partial']) assert.equal(propertyNameOf(engineKey), null);
    assert.equal(propertyNameOf('x (property)'), null, 'a hand-written key no property has is ignored');
  });

  it('renders notion_id and "notion_id (property)" under distinct keys, and an edit of one pushes to that one only', () => {
    const page = row();
    const file = renderPageFile(page, 'Body.\n', null);
    const doc = parseDocument(file, 'row.md');
    assert.ok(doc.ok);
    assert.equal(doc.frontmatter.notion_id, page.id);
    assert.equal(doc.frontmatter['notion_id (property)'], 'value of notion_id');
    assert.equal(doc.frontmatter['notion_id (property) (property)'], 'value of notion_id (property)');
    assert.equal(doc.frontmatter['title (property)'], 'value of title');
    const before = propertyValues(doc.frontmatter, page);
    assert.deepEqual(before, {
      notion_id: 'value of notion_id',
      'notion_id (property)': 'value of notion_id (property)',
      title: 'value of title',
      Status: 'Open',
      Name: 'Row one',
    });
    const edited = { ...doc.frontmatter, 'notion_id (property) (property)': 'edited' };
    const after = propertyValues(edited, page);
    assert.equal(after['notion_id (property)'], 'edited');
    assert.equal(after.notion_id, 'value of notion_id', 'the other property is untouched');
  });
});
