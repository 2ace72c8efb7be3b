// Notion's request limits and failure modes as the emulator models them:
// per-token 60-second budgets, a workspace budget shared across tokens, 429
// reasons, 529, a write saved then answered 503, and search indexing lag.
import assert from 'node:assert/strict';
import { Client, isFullPage, LogLevel } from '@notionhq/client';
import { startEmulator, DEMO_IDS, type RunningEmulator } from '../../src/emulator/server';
import { EmulatorControl } from '../../src/emulator/controlClient';
import { defaultKnobs } from '../../src/emulator/knobs';

interface ErrorBody {
  status: number;
  code: string;
  additional_data?: Record<string, unknown>;
}

describe('emulator: request budgets, 429 reasons, 529, 503 after commit, search lag', function () {
  this.timeout(60_000);
  let emu: RunningEmulator;
  let control: EmulatorControl;

  const call = async (token: string, method = 'GET', path = '/v1/users/me', body?: unknown) => {
    const res = await fetch(`${emu.baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Notion-Version': '2025-09-03', ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), json: (await res.json()) as ErrorBody & Record<string, unknown> };
  };

  before(async () => {
    emu = await startEmulator({ seed: 'demo' });
    control = new EmulatorControl(emu.baseUrl);
  });
  after(() => emu.close());
  beforeEach(async () => {
    await control.reset({ seed: 'demo' });
    const { rateLimit, requestsPerMinute, workspaceRequestsPerMinute, workspaceWindowSeconds, blockedTokens, failNext, faultKinds, searchLagMs } = defaultKnobs();
    await control.setKnobs({ rateLimit, requestsPerMinute, workspaceRequestsPerMinute, workspaceWindowSeconds, blockedTokens, failNext, faultKinds, searchLagMs });
    // Fresh 60-second windows for every test.
    await control.advanceClock(3_600_000);
  });

  it('spends a per-token budget in any burst, then answers 429 until the window resets', async () => {
    await control.setKnobs({ requestsPerMinute: 5 });
    const burst = await Promise.all(Array.from({ length: 5 }, () => call('token-a')));
    assert.deepEqual(burst.map((r) => r.status), [200, 200, 200, 200, 200]);
    const limited = await call('token-a');
    assert.equal(limited.status, 429);
    assert.equal(limited.json.code, 'rate_limited');
    assert.equal(limited.json.additional_data?.rate_limit_reason, 'public_api_request_rate_limit');
    const wait = Number(limited.retryAfter);
    assert.ok(Number.isInteger(wait) && wait >= 1 && wait <= 60, `Retry-After ${limited.retryAfter}`);
    assert.equal(limited.json.additional_data?.retry_after, limited.retryAfter, 'the body repeats Retry-After as a string');
    assert.equal((await call('token-b')).status, 200, 'another connection has its own budget');
    await control.advanceClock(wait * 1000);
    assert.equal((await call('token-a')).status, 200, 'a new window after Retry-After');
  });

  it('shares a workspace budget across tokens, with a Retry-After that can exceed a minute', async () => {
    await control.setKnobs({ requestsPerMinute: 100, workspaceRequestsPerMinute: 3, workspaceWindowSeconds: 120 });
    const statuses = [];
    for (const token of ['a', 'b', 'c', 'a', 'b', 'c']) statuses.push((await call(token)).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200], '3/min over 120 s is 6 requests per window');
    const limited = await call('d');
    assert.equal(limited.status, 429);
    assert.equal(limited.json.additional_data?.rate_limit_reason, 'public_api_space_request_rate_limit');
    assert.ok(Number(limited.retryAfter) > 60, `Retry-After ${limited.retryAfter} exceeds a minute`);
  });

  it('blocks a token with public_api_request_blocked (no Retry-After), and overloads with 529', async () => {
    await control.setKnobs({ blockedTokens: ['bad'] });
    const blocked = await call('bad');
    assert.equal(blocked.status, 429);
    assert.equal(blocked.json.additional_data?.rate_limit_reason, 'public_api_request_blocked');
    assert.equal(blocked.retryAfter, null);
    assert.equal((await call('good')).status, 200);
    await control.setKnobs({ failNext: 1, faultKinds: ['529'] });
    const overloaded = await call('good');
    assert.deepEqual([overloaded.status, overloaded.json.code], [529, 'service_overload']);
  });

  it('saves a write and answers 503 with retry_guidance and the committed ids', async () => {
    await control.setKnobs({ failNext: 1, faultKinds: ['503-committed'] });
    const created = await call('t', 'POST', '/v1/pages', { parent: { page_id: DEMO_IDS.rootPage }, properties: { title: { title: [{ text: { content: 'Saved anyway' } }] } } });
    assert.equal(created.status, 503);
    const data = created.json.additional_data!;
    assert.ok(Array.isArray(data.retry_guidance) && (data.retry_guidance as string[])[0].includes('saved'));
    const page = (await control.state()).pages.find((p) => p.title === 'Saved anyway');
    assert.equal(data.committed_resource_id, page?.id);

    await control.setKnobs({ failNext: 1, faultKinds: ['503-committed'] });
    const paragraph = (s: string) => ({ paragraph: { rich_text: [{ text: { content: s } }] } });
    const appended = await call('t', 'PATCH', `/v1/blocks/${DEMO_IDS.localSetupPage}/children`, { children: [paragraph('one'), paragraph('two')] });
    assert.equal(appended.status, 503);
    assert.equal(appended.json.additional_data?.committed_resource_id, DEMO_IDS.localSetupPage);
    const snap = await control.getPage(DEMO_IDS.localSetupPage);
    assert.deepEqual(appended.json.additional_data?.committed_child_ids, snap.blocks.slice(-2).map((b) => b.id));

    await control.setKnobs({ failNext: 1, faultKinds: ['503-committed'] });
    const read = await call('t');
    assert.equal(read.status, 503);
    assert.equal(read.json.additional_data, undefined, 'a read has nothing committed');
  });

  it('lags search behind edits by the indexing delay', async () => {
    const notion = new Client({ auth: 'secret', baseUrl: emu.baseUrl, logLevel: LogLevel.ERROR });
    await control.setKnobs({ searchLagMs: 120_000 });
    const edited = (await control.editPage(DEMO_IDS.engineeringPage, { appendMarkdown: 'A late paragraph.' })).last_edited_time;
    const fresh = await control.createPage({ parentId: DEMO_IDS.rootPage, title: 'Brand new' });
    const find = async () => (await notion.search({ query: '', filter: { property: 'object', value: 'page' }, page_size: 100 })).results.filter(isFullPage);
    const before = await find();
    assert.equal(before.find((p) => p.id === fresh.id), undefined, 'a page created within the lag is not found yet');
    const stale = before.find((p) => p.id === DEMO_IDS.engineeringPage)!;
    assert.ok(stale.last_edited_time < edited, `search still shows the old edit time (${stale.last_edited_time} < ${edited})`);
    await control.advanceClock(121_000);
    const after = await find();
    assert.equal(after.find((p) => p.id === DEMO_IDS.engineeringPage)?.last_edited_time, edited);
    assert.ok(after.some((p) => p.id === fresh.id));
  });
});
