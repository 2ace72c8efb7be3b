// Notion's search index lags behind edits. Incremental discovery must lose no
// edit indexed late: its window overlaps the cursor by SEARCH_OVERLAP_MS, and a
// full listing every REPAIR_INTERVAL_MS catches what lags even longer.
import assert from 'node:assert/strict';
import { REPAIR_INTERVAL_MS, SEARCH_OVERLAP_MS } from '../../src/sync/engine/discovery';
import { DEMO_IDS, harnessPerTest, listFiles, readText, type Harness } from './support/engineHarness';

const MINUTE = 60_000;
const ENGINEERING = 'notion/Acme Handbook/Engineering.md';

describe('engine: search indexing lag (emulator over HTTP)', function () {
  this.timeout(60_000);
  let h: Harness;
  harnessPerTest((x) => (h = x));

  /**
   * Edits a page at T, then a database row at T + rowAfter (queries are not
   * lagged, so the row moves the cursor past T while the page is not indexed
   * yet), and pulls at T + rowAfter + 30 s and again once the page is indexed.
   */
  async function lateIndexedEdit(lagMs: number, rowAfterMs: number) {
    const { engine } = await h.open();
    await h.control.advanceClock(2 * MINUTE);
    assert.equal((await engine.pull()).failed, 0);
    await h.control.setKnobs({ searchLagMs: lagMs });
    await h.control.advanceClock(MINUTE);
    await h.control.editPage(DEMO_IDS.engineeringPage, { appendMarkdown: 'Indexed late.\n' });
    await h.control.advanceClock(rowAfterMs);
    await h.control.createPage({ parentId: DEMO_IDS.tasksDataSource, title: 'A row edited later' });
    await h.control.advanceClock(30_000);
    const early = await engine.pull();
    assert.ok(!early.full, 'an incremental pull');
    assert.ok(!(await readText(h.workspace, ENGINEERING)).includes('Indexed late.'), 'not indexed yet');
    await h.control.advanceClock(lagMs);
    const late = await engine.pull();
    assert.ok(!late.full);
    return { engine, pulled: (await readText(h.workspace, ENGINEERING)).includes('Indexed late.') };
  }

  it('an edit indexed minutes late is still pulled by the next incremental pull', async () => {
    // Lag 3 min; the row moves the cursor 2 min past the page's edit (beyond Notion's minute rounding).
    const { pulled } = await lateIndexedEdit(3 * MINUTE, 2 * MINUTE);
    assert.ok(pulled, 'the late-indexed edit reached the file');
    assert.ok((await listFiles(h.workspace)).some((f) => f.includes('A row edited later')));
  });

  it('an edit indexed later than the overlap is pulled by the periodic full listing', async () => {
    const lag = SEARCH_OVERLAP_MS + 5 * MINUTE;
    const { engine, pulled } = await lateIndexedEdit(lag, SEARCH_OVERLAP_MS + 2 * MINUTE);
    assert.ok(!pulled, 'beyond the overlap, incremental discovery cannot see it');
    h.advance(REPAIR_INTERVAL_MS);
    const repair = await engine.pull();
    assert.ok(repair.full, 'the repair is a full listing');
    assert.ok((await readText(h.workspace, ENGINEERING)).includes('Indexed late.'), 'the repair pulled it');
  });
});
