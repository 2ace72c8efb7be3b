// Page objects hold at most 25 references per relation or people property.
// The engine reads such lists whole (property-item endpoint), so the file holds
// every reference and a push from the file keeps every reference in Notion.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Client, LogLevel } from '@notionhq/client';
import { parseDocument } from '../../src/sync/documents/frontmatter';
import { DEMO_IDS, harnessPerTest, readText, type Harness } from './support/engineHarness';

const TARGETS = Array.from({ length: 30 }, (_, i) => `${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`);

describe('engine: relations longer than a page object holds (emulator over HTTP)', function () {
  this.timeout(60_000);
  let h: Harness;
  harnessPerTest((x) => (h = x));

  it('pulls all 30 references into the file, and a push from the file keeps all 30', async () => {
    const notion = new Client({ auth: 'secret_test_token', baseUrl: h.emulator.baseUrl, logLevel: LogLevel.ERROR });
    await notion.dataSources.update({
      data_source_id: DEMO_IDS.docsDataSource,
      properties: { Related: { relation: { data_source_id: DEMO_IDS.tasksDataSource, single_property: {} } } },
    } as never);
    const rowId = (await h.control.state()).pages.find((p) => p.title === 'Style guide')?.id ?? '';
    await notion.pages.update({ page_id: rowId, properties: { Related: { relation: TARGETS.map((id) => ({ id })) } } });

    const { engine, store } = await h.open({ mode: 'bidirectional' });
    assert.equal((await engine.pull()).failed, 0);
    const rel = store.getMapByNotionId(rowId)?.path ?? '';
    const doc = parseDocument(await readText(h.workspace, rel), rel);
    assert.ok(doc.ok);
    assert.deepEqual(doc.frontmatter.Related, TARGETS, 'the file holds every reference, not the first 25');

    // A local edit of the row pushes its frontmatter: the list must survive whole.
    await writeFile(path.join(h.workspace, rel), `${await readText(h.workspace, rel)}\nA line written locally.\n`);
    assert.equal((await engine.sync()).failed, 0);
    const snap = await h.control.getPage(rowId);
    assert.match(snap.markdown, /A line written locally\./);
    const items = await notion.pages.properties.retrieve({ page_id: rowId, property_id: 'Related', page_size: 100 });
    const ids = (items as unknown as { results: { relation: { id: string } }[] }).results.map((r) => r.relation.id);
    assert.deepEqual(ids, TARGETS);
  });
});
