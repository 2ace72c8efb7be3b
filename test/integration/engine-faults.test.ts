// Notion outages and rate limits: with 20% injected faults, or a 429 storm,
// every page still ends up correct, none twice, and nothing is lost.
import assert from 'node:assert/strict';
import { listFiles, readText, startHarness, type Harness } from './support/engineHarness';
import { unsigned } from './support/signedUrls';

async function snapshot(h: Harness): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const f of await listFiles(h.workspace)) if (f.endsWith('.md')) out.set(f, await readText(h.workspace, f));
  return out;
}

/** Pull, then keep applying retries (moving the clock past their backoff) until the queue is drained. */
async function pullUntilSettled(h: Harness, engine: Awaited<ReturnType<Harness['open']>>['engine']): Promise<number> {
  let failures = 0;
  try {
    const report = await engine.pull();
    failures += report.failed;
  } catch {
    failures++;
    await engine.pull();
  }
  for (let i = 0; i < 20; i++) {
    const counts = engine.read.queueCounts();
    if (counts.error === 0 && counts.pending === 0) break;
    h.advance(20 * 60_000);
    failures += (await engine.processQueue()).failed;
  }
  return failures;
}

describe('engine: faults and rate limits (emulator over HTTP)', function () {
  this.timeout(180_000);

  it('20% injected faults: every page correct, no duplicates, nothing dead', async () => {
    const clean = await startHarness();
    const faulty = await startHarness({ faultRate: 0.2 });
    try {
      await (await clean.open()).engine.pull();
      const expected = await snapshot(clean);
      const { engine } = await faulty.open();
      await pullUntilSettled(faulty, engine);
      const got = await snapshot(faulty);
      assert.deepEqual([...got.keys()], [...expected.keys()], 'same files, none duplicated');
      // Both emulators seed the same page ids; block ids (in <unknown> anchors) and edit times differ.
      // Hosted media URLs carry each emulator's port and a fresh signature.
      const comparable = (t: string) => unsigned(t.replace(/notion_last_edited: .*\n/, '').replace(/#[0-9a-f]{32}/g, '#block'));
      for (const [f, text] of expected) assert.equal(comparable(got.get(f)!), comparable(text), f);
      assert.equal(engine.read.queueCounts().dead, 0);
      const requests = await faulty.control.requests();
      assert.ok(requests.some((r) => r.status >= 500 || r.status === 0), 'faults were injected');
    } finally {
      await clean.close();
      await faulty.close();
    }
  });

  it('a 429 storm with Retry-After ends with every page pulled', async () => {
    const h = await startHarness({ rateLimit: 8 });
    try {
      const { engine, gateway } = await h.open();
      await pullUntilSettled(h, engine);
      const state = await h.control.state();
      const files = (await listFiles(h.workspace)).filter((f) => f.endsWith('.md'));
      assert.equal(files.length, state.pages.filter((p) => !p.inTrash).length);
      assert.equal(engine.read.queueCounts().dead, 0);
      const requests = await h.control.requests();
      assert.ok(requests.some((r) => r.status === 429), 'the emulator answered 429');
      assert.ok(gateway.stats.rateLimited > 0);
    } finally {
      await h.close();
    }
  });
});
