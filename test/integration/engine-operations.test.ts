// Every mutation goes through one gate (engine/operations.ts): a user's unlink
// during a refresh of the same page waits for it and wins; per-run caches do
// not outlive their run.
import assert from 'node:assert/strict';
import { DEMO_IDS, harnessPerTest, type Harness } from './support/engineHarness';

const ROOT = 'notion/Acme Handbook';
const compact = (id: string) => id.replace(/-/g, '');

describe('engine: one gate for every mutation (issue 9)', function () {
  this.timeout(60_000);
  let h: Harness;
  harnessPerTest((x) => (h = x));

  it('an unlink during a refresh of the same page ends unlinked', async () => {
    let slow = false;
    let seen!: () => void;
    const refreshing = new Promise<void>((r) => (seen = r));
    // Requests about the page answer slowly, so the unlink lands mid-refresh.
    const slowFetch: typeof fetch = async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (slow && (url.includes(DEMO_IDS.engineeringPage) || url.includes(compact(DEMO_IDS.engineeringPage)))) {
        seen();
        await new Promise((r) => setTimeout(r, 300));
      }
      return fetch(input, init);
    };
    const { engine, store } = await h.open({}, { fetch: slowFetch });
    await engine.pull();
    const rel = `${ROOT}/Engineering.md`;
    slow = true;
    engine.enqueueRefresh(DEMO_IDS.engineeringPage);
    const refresh = engine.processQueue();
    await refreshing;
    const unlinked = engine.unlink(rel);
    const [r] = await Promise.all([refresh, unlinked]);
    assert.equal(r.failed, 0);
    assert.equal(await unlinked, true);
    assert.equal(store.getMapByNotionId(DEMO_IDS.engineeringPage), undefined, 'the refresh did not re-create the mapping');
    slow = false;
    await engine.sync();
    assert.equal(store.getMapByNotionId(DEMO_IDS.engineeringPage), undefined, 'and a later sync leaves it unlinked');
  });
});
