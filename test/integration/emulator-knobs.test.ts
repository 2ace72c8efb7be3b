// Rate limit, faults and latency, observed through the real SDK's retry logic.
import assert from 'node:assert/strict';
import { APIResponseError, Client, isFullPage, LogLevel } from '@notionhq/client';
import { startEmulator, DEMO_IDS, type RunningEmulator } from '../../src/emulator/server';
import { EmulatorControl } from '../../src/emulator/controlClient';

describe('emulator: knobs (rate limit, faults, latency)', function () {
  this.timeout(60_000);
  let emu: RunningEmulator;
  let control: EmulatorControl;
  const client = (retry?: { maxRetries?: number; initialRetryDelayMs?: number } | false) =>
    new Client({ auth: 'secret_test', baseUrl: emu.baseUrl, logLevel: LogLevel.ERROR, ...(retry === undefined ? {} : { retry }) });

  before(async () => {
    emu = await startEmulator({ seed: 'demo' });
    control = new EmulatorControl(emu.baseUrl);
  });
  after(() => emu.close());
  beforeEach(async () => {
    await control.setKnobs({ rateLimit: 0, faultRate: 0, latencyMs: 0, failNext: 0, faultKinds: ['500', '503', '529', 'drop'] });
    await control.clearRequests();
  });

  it('answers 429 rate_limited with an integer Retry-After', async () => {
    await control.setKnobs({ rateLimit: 1 });
    const headers = { Authorization: 'Bearer x', 'Notion-Version': '2025-09-03' };
    const first = await fetch(`${emu.baseUrl}/v1/users/me`, { headers });
    assert.equal(first.status, 200);
    const second = await fetch(`${emu.baseUrl}/v1/users/me`, { headers });
    assert.equal(second.status, 429);
    assert.match(second.headers.get('retry-after') ?? '', /^\d+$/);
    const body = (await second.json()) as { object: string; code: string; additional_data: { rate_limit_reason: string } };
    assert.equal(body.object, 'error');
    assert.equal(body.code, 'rate_limited');
    assert.equal(body.additional_data.rate_limit_reason, 'public_api_request_rate_limit');
  });

  it('the SDK honours Retry-After and every request eventually succeeds', async () => {
    await control.setKnobs({ rateLimit: 2 });
    const notion = client({ maxRetries: 4 });
    const t0 = Date.now();
    const results = await Promise.all(Array.from({ length: 6 }, () => notion.pages.retrieve({ page_id: DEMO_IDS.rootPage })));
    const elapsed = Date.now() - t0;
    assert.ok(results.every(isFullPage));
    const log = await control.requests();
    const limited = log.filter((e) => e.status === 429).length;
    assert.ok(limited >= 4, `expected 429s in the log, saw ${limited}`);
    assert.equal(log.filter((e) => e.status === 200).length, 6);
    assert.ok(elapsed >= 900, `retries waited for Retry-After (elapsed ${elapsed} ms)`);
    console.log(`      6 concurrent requests at 2 req/s: ${limited} × 429, all done in ${elapsed} ms`);
  });

  it('a GET that hits a 503 is retried by the SDK and succeeds', async () => {
    await control.setKnobs({ failNext: 1, faultKinds: ['503'] });
    const page = await client({ initialRetryDelayMs: 20 }).pages.retrieve({ page_id: DEMO_IDS.rootPage });
    assert.ok(isFullPage(page));
    assert.deepEqual((await control.requests()).map((e) => e.status), [503, 200]);
  });

  it('a 529 is retried even on PATCH; a 500 on POST is not', async () => {
    await control.setKnobs({ failNext: 1, faultKinds: ['529'] });
    const updated = await client({ initialRetryDelayMs: 20 }).pages.update({ page_id: DEMO_IDS.rootPage, icon: { type: 'emoji', emoji: '📗' } });
    assert.ok(isFullPage(updated) && updated.icon?.type === 'emoji' && updated.icon.emoji === '📗');
    await control.clearRequests();
    await control.setKnobs({ failNext: 1, faultKinds: ['500'] });
    const err = await client({ initialRetryDelayMs: 20 }).search({ query: 'x' }).catch((e: unknown) => e);
    assert.ok(err instanceof APIResponseError && err.status === 500 && err.code === 'internal_server_error');
    assert.deepEqual((await control.requests()).map((e) => e.status), [500]);
  });

  it('drops connections without a response', async () => {
    await control.setKnobs({ failNext: 1, faultKinds: ['drop'] });
    const err = await client(false).users.me({}).catch((e: unknown) => e);
    assert.ok(err instanceof Error && !(err instanceof APIResponseError), `expected a network error, got ${String(err)}`);
    const log = await control.requests();
    assert.equal(log.length, 1);
    assert.equal(log[0].dropped, true);
    assert.ok(isFullPage(await client(false).pages.retrieve({ page_id: DEMO_IDS.rootPage })), 'the server keeps serving');
  });

  it('fault rate 1 fails every request, 0 none', async () => {
    await control.setKnobs({ faultRate: 1, faultKinds: ['500', '503', '529'] });
    const statuses = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const e = await client(false).users.me({}).catch((x: unknown) => x);
      assert.ok(e instanceof APIResponseError);
      statuses.add(e.status);
    }
    assert.ok(statuses.size >= 2, `a mix of failures, saw ${[...statuses].join(',')}`);
    await control.setKnobs({ faultRate: 0 });
    assert.equal((await client(false).users.me({})).type, 'bot');
  });

  it('adds latency', async () => {
    await control.setKnobs({ latencyMs: 150 });
    const t0 = Date.now();
    await client(false).users.me({});
    assert.ok(Date.now() - t0 >= 140);
  });

  it('takes knobs from startEmulator options', async () => {
    const slow = await startEmulator({ seed: 'empty', rateLimit: 1, latencyMs: 50 });
    try {
      const knobs = await new EmulatorControl(slow.baseUrl).setKnobs({});
      assert.equal(knobs.rateLimit, 1);
      assert.equal(knobs.latencyMs, 50);
    } finally {
      await slow.close();
    }
  });
});
