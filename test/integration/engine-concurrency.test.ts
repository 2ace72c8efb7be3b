// The rows of a database are fetched with the same bounded concurrency as pages:
// with latency, a pull keeps several row bodies in flight at once (it fetched
// them one at a time when the refresh that listed them was the only worker left).
import assert from 'node:assert/strict';
import { DEMO_IDS, startHarness, type Harness } from './support/engineHarness';

describe('engine: database rows are fetched concurrently (emulator over HTTP, 60 ms latency)', function () {
  this.timeout(120_000);
  let h: Harness;
  before(async () => {
    h = await startHarness({ seed: 'empty', rows: 40, latencyMs: 60 });
  });
  after(() => h.close());

  it('keeps several row bodies in flight and pulls every row', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const counting: typeof fetch = async (input, init) => {
      const markdown = String(input instanceof Request ? input.url : input).includes('/markdown');
      if (markdown) maxInFlight = Math.max(maxInFlight, ++inFlight);
      try {
        return await fetch(input, init);
      } finally {
        if (markdown) inFlight--;
      }
    };
    const { engine, store } = await h.open({ roots: [DEMO_IDS.benchRoot] }, { fetch: counting });
    const report = await engine.pull();
    assert.equal(report.failed, 0);
    const rows = store.listMaps().filter((m) => m.notionType === 'page' && m.parentNotionId !== null && m.path.includes('/Bench Items/'));
    assert.equal(rows.length, 40, store.listMaps().map((m) => m.path).join('\n'));
    assert.ok(maxInFlight >= 4, `at most ${maxInFlight} row bodies were in flight at once`);
  });
});
