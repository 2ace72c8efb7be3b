// The plans of a push and of a create, as tables: for each situation of the
// file, the stored base and Notion, what would be sent, asserted on the plan
// value alone (no disk, no store, no Notion). The appliers (push.ts, create.ts)
// run these same plans in the integration suites (engine-bidirectional,
// precision, media-push, engine-races).
import assert from 'node:assert/strict';
import { checkPushable, planCreate, planPush, type Pushable, type RemoteState } from '../../../src/sync/engine/pushPlan';
import { fileHash } from '../../../src/sync/engine/render';
import type { MapRow } from '../../../src/sync/store/types';

const PATH = 'notion/Tasks/Write docs.md';
const ID = '0123456789abcdef0123456789abcdef';
const file = (fm: string, body: string) => `---\nnotion_id: ${ID}\ntitle: Write docs\n${fm}---\n${body}`;
const V0 = file('Status: Todo\n', 'One.\n\nTwo.\n');
const PROPERTIES = { Name: { type: 'title' }, Status: { type: 'select' }, Score: { type: 'formula' } } as unknown as RemoteState['page']['properties'];
const remoteAt = (text: string, over: Partial<RemoteState> = {}): RemoteState => ({ hash: fileHash(text), lossy: null, page: { properties: PROPERTIES }, ...over });

function pushable(text: string, base = V0): Pushable {
  const p = checkPushable({ mode: 'bidirectional', path: PATH, text, base });
  assert.equal(p.kind, 'pushable', JSON.stringify(p));
  return p as Pushable;
}

describe('push plan: a local edit, the base and Notion (pure)', () => {
  const refusals: Array<{ situation: string; text: string; base: string | null; mode?: 'publish'; reason: RegExp }> = [
    { situation: 'publish mode never pushes', text: V0, base: V0, mode: 'publish', reason: /needs bidirectional mode/ },
    { situation: 'frontmatter that does not parse', text: '---\ntitle: [unclosed\n---\nBody\n', base: V0, reason: /^notion\/Tasks\/Write docs\.md: / },
    { situation: 'a page pulled only in part', text: file('notion_partial: true\n', 'One.\n'), base: V0, reason: /holds only part of its Notion page/ },
    { situation: 'no base yet', text: V0, base: null, reason: /has no base version yet; pull it first/ },
    { situation: 'an unreadable base', text: V0, base: '---\ntitle: [broken\n---\n', reason: /the stored base is unreadable/ },
  ];
  for (const r of refusals) {
    it(`refuses before reading Notion: ${r.situation}`, () => {
      const plan = checkPushable({ mode: r.mode ?? 'bidirectional', path: PATH, text: r.text, base: r.base });
      assert.equal(plan.kind, 'refuse');
      assert.match((plan as { reason: string }).reason, r.reason);
    });
  }

  it('refuses when Notion holds what markdown cannot carry, before anything else', () => {
    const plan = planPush(pushable(file('Status: Todo\n', 'One, edited.\n\nTwo.\n')), remoteAt(V0, { lossy: { blocks: 1 } }), fileHash(V0));
    assert.deepEqual(plan, { kind: 'refuse', reason: `${PATH}: Notion's page holds content markdown cannot carry; not pushed` });
  });

  it('waits for the pull when Notion moved since the base (its edit would be overwritten)', () => {
    const notion = file('Status: Todo\n', 'One.\n\nTwo, edited in Notion.\n');
    assert.deepEqual(planPush(pushable(file('Status: Todo\n', 'One, edited.\n\nTwo.\n')), remoteAt(notion), fileHash(V0)), { kind: 'remote-moved' });
  });

  it('sends nothing when the file already holds what Notion holds (volatile keys aside)', () => {
    const same = V0.replace('title: Write docs\n', 'title: Write docs\nnotion_last_edited: 2026-11-30T10:00:00.000Z\n');
    assert.deepEqual(planPush(pushable(same), remoteAt(V0), fileHash(V0)), { kind: 'in-sync' });
  });

  it('a body edit sends the body only, with the file as the recorded intent', () => {
    const text = file('Status: Todo\n', 'One, edited.\n\nTwo.\n');
    const body = 'One, edited.\n\nTwo.\n';
    assert.deepEqual(planPush(pushable(text), remoteAt(V0), fileHash(V0)), { kind: 'push', intent: text, properties: null, body, replacedMedia: false, localBody: body });
  });

  it('new bytes under a linked medium’s name are a push although no text changed', () => {
    const plan = planPush(pushable(V0), remoteAt(V0, { replacedMedia: true }), fileHash(V0));
    assert.deepEqual(plan, { kind: 'push', intent: V0, properties: null, body: null, replacedMedia: true, localBody: 'One.\n\nTwo.\n' });
  });

  it('a property edit sends that property only; the body is left alone', () => {
    const plan = planPush(pushable(file('Status: Done\n', 'One.\n\nTwo.\n')), remoteAt(V0), fileHash(V0));
    assert.equal(plan.kind, 'push');
    assert.deepEqual(plan.kind === 'push' && plan.properties, { Status: { select: { name: 'Done' } } });
    assert.equal(plan.kind === 'push' && plan.body, null);
  });

  it('a new title goes as the title property; a read-only property edited in the file is not sent', () => {
    const text = file('Status: Todo\nScore: 99\n', 'One.\n\nTwo.\n').replace('title: Write docs', 'title: Write the docs');
    const plan = planPush(pushable(text), remoteAt(V0), fileHash(V0));
    assert.equal(plan.kind, 'push');
    assert.deepEqual(Object.keys((plan.kind === 'push' && plan.properties) || {}), ['Name']);
  });
});

describe('create plan: a new file in a synced folder (pure)', () => {
  const page = { notionId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', notionType: 'page', rootId: 'r' } as MapRow;
  const database = { notionId: 'dddddddddddddddddddddddddddddddd', notionType: 'data_source', rootId: 'r' } as MapRow;
  const links = { idFor: () => null };

  it('creates under the page whose folder holds the file, titled by its frontmatter, with the body as Notion markdown', () => {
    const plan = planCreate({ path: 'notion/Handbook/New.md', text: '---\ntitle: New page\n---\nHello **there**.\n', owner: page, links });
    assert.equal(plan.kind, 'create');
    if (plan.kind !== 'create') return;
    assert.deepEqual(plan.parent, { type: 'page', id: page.notionId });
    assert.equal(plan.title, 'New page');
    assert.match(plan.markdown, /Hello \*\*there\*\*\./);
    assert.equal(plan.rowValues, null, 'a page under a page has no row properties');
  });

  it('a file in a database folder becomes a row: its frontmatter keys are the property values', () => {
    const plan = planCreate({ path: 'notion/Tasks/Row.md', text: '---\ntitle: Row\nStatus: Todo\nnotion_partial: false\n---\nText\n', owner: database, links });
    assert.equal(plan.kind, 'create');
    if (plan.kind !== 'create') return;
    assert.deepEqual(plan.parent, { type: 'data_source', id: database.notionId });
    assert.deepEqual(plan.rowValues, { Status: 'Todo' }, 'engine keys (title, notion_*) are not properties: the title goes as the page title');
    assert.equal(plan.title, 'Row');
  });

  it('a file linked meanwhile is not created again', () => {
    assert.deepEqual(planCreate({ path: 'notion/Handbook/New.md', text: file('', 'x\n'), owner: page, links }), { kind: 'linked', notionId: ID });
  });

  const refusals: Array<{ situation: string; text: string; owner: MapRow | null; reason: RegExp }> = [
    { situation: 'frontmatter that does not parse', text: '---\ntitle: [x\n---\nBody\n', owner: page, reason: /^notion\/Handbook\/New\.md: / },
    { situation: 'outside every synced folder', text: 'Body\n', owner: null, reason: /is not inside a synced page's or database's folder/ },
    { situation: 'nested deeper than Notion creates in one request', text: '- a\n  - b\n    - c\n      - d\n', owner: page, reason: /nested 4 levels deep.*not created/ },
  ];
  for (const r of refusals) {
    it(`refuses unsent: ${r.situation}`, () => {
      const plan = planCreate({ path: 'notion/Handbook/New.md', text: r.text, owner: r.owner, links });
      assert.equal(plan.kind, 'refuse');
      assert.match((plan as { reason: string }).reason, r.reason);
    });
  }
});
