// The gateway's retry, rate-limit, timeout and redaction policy, driven
// through the real SDK by a scripted fetch standing in for Notion's HTTP side.
import assert from 'node:assert/strict';
import { NotionGateway } from '../../../src/sync/notion/gateway';
import {
  NotionAuthError,
  NotionNotFoundError,
  NotionRateLimitedError,
  NotionRequestBlockedError,
  NotionUnavailableError,
  NotionValidationError,
} from '../../../src/sync/notion/errors';
import { MemoryLogger } from '../../../src/sync/logger';

const TOKEN = 'ntn_secret_token_value_1234567890';
const PAGE = '0123456789abcdef0123456789abcdef';
const PARENT = 'fedcba98-7654-3210-fedc-ba9876543210';

interface Seen {
  method: string;
  path: string;
  at: number;
  body?: string;
}

type Reply = (req: Seen, signal: AbortSignal | undefined) => Promise<Response> | Response;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

const error = (status: number, code: string, message = code) => ({ object: 'error', status, code, message });

const pageJson = (id: string, title: string, created = new Date().toISOString()) => ({
  object: 'page',
  id,
  url: `https://www.notion.so/${id.replace(/-/g, '')}`,
  created_time: created,
  last_edited_time: created,
  in_trash: false,
  archived: false,
  parent: { type: 'page_id', page_id: PARENT },
  properties: { title: { id: 'title', type: 'title', title: [{ type: 'text', plain_text: title, text: { content: title } }] } },
  icon: null,
});

function scripted(replies: Reply[]) {
  const seen: Seen[] = [];
  const start = Date.now();
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const req: Seen = { method: init?.method ?? 'GET', path: url.pathname, at: Date.now() - start, body: init?.body as string | undefined };
    seen.push(req);
    const reply = replies.shift();
    if (!reply) throw new Error(`unexpected request ${req.method} ${req.path}`);
    return reply(req, init?.signal ?? undefined);
  }) as typeof globalThis.fetch;
  return { fetch, seen };
}

const fast = { initialMs: 20, maxMs: 100 };

describe('notion/gateway policy (scripted HTTP)', () => {
  it('honours Retry-After on 429 and holds the other calls of the instance too', async () => {
    const { fetch, seen } = scripted([
      () => json(429, error(429, 'rate_limited'), { 'retry-after': '1' }),
      () => json(200, pageJson(PAGE, 'A')),
      () => json(200, pageJson(PAGE, 'A')),
    ]);
    const gw = new NotionGateway({ token: TOKEN, fetch, requestsPerMinute: 6_000, backoff: fast });
    const first = gw.getPage(PAGE);
    await new Promise((r) => setTimeout(r, 50));
    const second = gw.getPage(PAGE); // starts during the pause
    await Promise.all([first, second]);
    assert.equal(seen.length, 3);
    assert.ok((seen[1]?.at ?? 0) >= 990, `retry at ${seen[1]?.at}`);
    assert.ok((seen[2]?.at ?? 0) >= 990, `other call at ${seen[2]?.at}`);
    assert.equal(gw.stats.rateLimited, 1);
  });

  it('retries reads on 5xx with backoff, and gives up after maxRetries', async () => {
    const { fetch, seen } = scripted([
      () => json(502, error(502, 'bad_gateway')),
      () => json(503, error(503, 'service_unavailable')),
      () => json(200, pageJson(PAGE, 'A')),
    ]);
    const gw = new NotionGateway({ token: TOKEN, fetch, requestsPerSecond: 1000, backoff: fast });
    assert.equal((await gw.getPage(PAGE)).title, 'A');
    assert.equal(seen.length, 3);

    const failing = scripted(Array.from({ length: 3 }, () => () => json(500, error(500, 'internal_server_error'))));
    const gw2 = new NotionGateway({ token: TOKEN, fetch: failing.fetch, requestsPerSecond: 1000, maxRetries: 2, backoff: fast });
    await assert.rejects(gw2.getPage(PAGE), (e: unknown) => e instanceof NotionUnavailableError && e.retryable && e.status === 500);
    assert.equal(failing.seen.length, 3);
  });

  it('does not retry validation errors, and says which', async () => {
    const { fetch, seen } = scripted([() => json(400, error(400, 'validation_error', 'body.parent should be defined'))]);
    const gw = new NotionGateway({ token: TOKEN, fetch, requestsPerSecond: 1000, backoff: fast });
    await assert.rejects(gw.getPage(PAGE), (e: unknown) => e instanceof NotionValidationError && !e.retryable && /parent should be defined/.test(e.message));
    assert.equal(seen.length, 1);
  });

  it('reports a wrong token as NotionAuthError, with the token redacted everywhere', async () => {
    const logger = new MemoryLogger();
    const { fetch } = scripted([() => json(401, error(401, 'unauthorized', `API token ${TOKEN} is invalid.`))]);
    const gw = new NotionGateway({ token: TOKEN, fetch, logger, requestsPerSecond: 1000 });
    await assert.rejects(gw.me(), (e: unknown) => {
      assert.ok(e instanceof NotionAuthError);
      assert.ok(!e.message.includes(TOKEN), e.message);
      assert.match(e.message, /token is wrong or revoked/);
      return true;
    });
    assert.ok(logger.lines.every((l) => !l.includes(TOKEN)));
  });

  it('times out a hung request, and retries it when it is a read', async () => {
    const hang: Reply = (_req, signal) =>
      new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason as Error)));
    const { fetch, seen } = scripted([hang, () => json(200, pageJson(PAGE, 'late'))]);
    const gw = new NotionGateway({ token: TOKEN, fetch, timeoutMs: 150, requestsPerSecond: 1000, backoff: fast });
    assert.equal((await gw.getPage(PAGE)).title, 'late');
    assert.equal(seen.length, 2);
    assert.ok((seen[1]?.at ?? 0) >= 150);
  });

  it('after an ambiguous failure on create, finds the page that landed instead of creating it twice', async () => {
    const landed = '99999999-9999-4999-8999-999999999999';
    const { fetch, seen } = scripted([
      () => json(504, error(504, 'gateway_timeout')),
      // The duplicate check lists the parent's children…
      () =>
        json(200, {
          object: 'list',
          results: [
            { object: 'block', id: landed, type: 'child_page', child_page: { title: 'Report' }, created_time: new Date().toISOString(), has_children: false },
          ],
          next_cursor: null,
          has_more: false,
        }),
      // …and fetches the page it found.
      () => json(200, pageJson(landed, 'Report')),
    ]);
    const gw = new NotionGateway({ token: TOKEN, fetch, timeoutMs: 100, requestsPerSecond: 1000, backoff: fast });
    const page = await gw.createPage({ parent: { type: 'page', id: PARENT }, title: 'Report' });
    assert.equal(page.id, landed);
    assert.deepEqual(seen.map((s) => s.method), ['POST', 'GET', 'GET']);
  });

  it('retries a create after 429 without looking (the request was refused, not applied)', async () => {
    const { fetch, seen } = scripted([
      () => json(429, error(429, 'rate_limited'), { 'retry-after': '0' }),
      () => json(200, pageJson(PAGE, 'New')),
    ]);
    const gw = new NotionGateway({ token: TOKEN, fetch, requestsPerSecond: 1000, backoff: fast });
    const page = await gw.createPage({ parent: { type: 'page', id: PARENT }, title: 'New' });
    assert.equal(page.title, 'New');
    assert.deepEqual(seen.map((s) => s.method), ['POST', 'POST']);
    const body = JSON.parse(seen[1]?.body ?? '{}') as { parent: unknown; properties: unknown };
    assert.deepEqual(body.parent, { type: 'page_id', page_id: PARENT });
    assert.deepEqual(body.properties, { title: { title: [{ type: 'text', text: { content: 'New' } }] } });
  });

  it('stops at once when the caller aborts, even while waiting out a Retry-After', async () => {
    const { fetch, seen } = scripted([() => json(429, error(429, 'rate_limited'), { 'retry-after': '30' })]);
    const gw = new NotionGateway({ token: TOKEN, fetch, requestsPerSecond: 1000 });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(gw.getPage(PAGE, controller.signal), (e: Error) => e.name === 'AbortError');
    assert.ok(Date.now() - started < 1_000);
    assert.equal(seen.length, 1);
  });

  it('sends the markdown endpoints with API version 2026-03-11 and the rest with 2025-09-03', async () => {
    const versions: string[] = [];
    const fetch = (async (_input: string | URL | Request, init?: RequestInit) => {
      versions.push(String((init?.headers as Record<string, string>)['Notion-Version']));
      return versions.length === 1
        ? json(200, pageJson(PAGE, 'x'))
        : json(200, { object: 'page_markdown', id: PAGE, markdown: '# x', truncated: false, unknown_block_ids: [] });
    }) as typeof globalThis.fetch;
    const gw = new NotionGateway({ token: TOKEN, fetch, requestsPerSecond: 1000 });
    await gw.getPage(PAGE);
    assert.deepEqual(await gw.getPageMarkdown(PAGE), { markdown: '# x', truncated: false, unknownBlockIds: [] });
    assert.deepEqual(versions, ['2025-09-03', '2026-03-11']);
  });

  it('maps every failure to a typed error with the right retryable flag', async () => {
    const overload: Reply = () => json(529, error(529, 'service_overload'));
    const cases: [Reply, new (...args: never[]) => Error, boolean][] = [
      [() => json(403, error(403, 'restricted_resource')), NotionAuthError, false],
      [() => json(404, error(404, 'object_not_found')), NotionNotFoundError, false],
      [() => json(400, error(400, 'invalid_request_url')), NotionValidationError, false],
      [() => json(409, error(409, 'conflict_error')), NotionUnavailableError, true],
      [() => json(429, error(429, 'rate_limited'), { 'retry-after': '7' }), NotionRateLimitedError, true],
      [() => json(503, error(503, 'service_unavailable')), NotionUnavailableError, true],
      [overload, NotionUnavailableError, true],
      [() => new Response('<html>bad gateway</html>', { status: 502 }), NotionUnavailableError, true],
      [() => Promise.reject(new TypeError('fetch failed')), NotionUnavailableError, true],
    ];
    for (const [reply, type, retryable] of cases) {
      const { fetch } = scripted([reply]);
      const gw = new NotionGateway({ token: TOKEN, fetch, requestsPerSecond: 1000, maxRetries: 0 });
      // Rate limits have their own budget: stop after the first by aborting the wait.
      const controller = new AbortController();
      const outcome = gw.getPage(PAGE, controller.signal).then(
        () => assert.fail('should fail'),
        (e: unknown) => e,
      );
      setTimeout(() => controller.abort(), 50);
      const e = await outcome;
      if (type === NotionRateLimitedError || reply === overload) {
        assert.equal((e as Error).name, 'AbortError', 'rate limits and overloads keep waiting');
        continue;
      }
      assert.ok(e instanceof type, `${String(e)} is ${type.name}`);
      assert.equal((e as NotionUnavailableError).retryable, retryable, type.name);
    }
  });

  it('after an ambiguous failure on append, keeps the blocks that landed instead of appending twice', async () => {
    const now = new Date().toISOString();
    const { fetch, seen } = scripted([
      () => json(500, error(500, 'internal_server_error')),
      () =>
        json(200, {
          object: 'list',
          results: [
            { object: 'block', id: 'b0000000-0000-4000-8000-000000000001', type: 'paragraph', paragraph: { rich_text: [{ plain_text: 'older' }] }, created_time: '2020-01-01T00:00:00.000Z', has_children: false },
            { object: 'block', id: 'b0000000-0000-4000-8000-000000000002', type: 'paragraph', paragraph: { rich_text: [{ plain_text: 'hello' }] }, created_time: now, has_children: false },
          ],
          next_cursor: null,
          has_more: false,
        }),
    ]);
    const gw = new NotionGateway({ token: TOKEN, fetch, requestsPerSecond: 1000, backoff: fast });
    const ids = await gw.appendBlocks(PAGE, [{ type: 'paragraph', paragraph: { rich_text: [{ type: 'text', text: { content: 'hello' } }] } }]);
    assert.deepEqual(ids, ['b0000000-0000-4000-8000-000000000002']);
    assert.deepEqual(seen.map((s) => s.method), ['PATCH', 'GET']);
  });

  it('after an ambiguous failure on an append whose twin is old, appends again', async () => {
    const { fetch, seen } = scripted([
      () => json(500, error(500, 'internal_server_error')),
      () =>
        json(200, {
          object: 'list',
          results: [{ object: 'block', id: 'b0000000-0000-4000-8000-000000000001', type: 'paragraph', paragraph: { rich_text: [{ plain_text: 'hello' }] }, created_time: '2020-01-01T00:00:00.000Z', has_children: false }],
          next_cursor: null,
          has_more: false,
        }),
      () =>
        json(200, {
          object: 'list',
          results: [{ object: 'block', id: 'b0000000-0000-4000-8000-000000000009', type: 'paragraph', paragraph: { rich_text: [] }, created_time: new Date().toISOString(), has_children: false }],
          next_cursor: null,
          has_more: false,
        }),
    ]);
    const gw = new NotionGateway({ token: TOKEN, fetch, requestsPerSecond: 1000, backoff: fast });
    const ids = await gw.appendBlocks(PAGE, [{ type: 'paragraph', paragraph: { rich_text: [{ type: 'text', text: { content: 'hello' } }] } }]);
    assert.deepEqual(ids, ['b0000000-0000-4000-8000-000000000009']);
    assert.deepEqual(seen.map((s) => s.method), ['PATCH', 'GET', 'PATCH']);
  });

  it('after an ambiguous failure on markdown edits, checks the body before editing again', async () => {
    const { fetch, seen } = scripted([
      () => json(503, error(503, 'service_unavailable')),
      () => json(200, { object: 'page_markdown', id: PAGE, markdown: 'new text\n', truncated: false, unknown_block_ids: [] }),
    ]);
    const gw = new NotionGateway({ token: TOKEN, fetch, requestsPerSecond: 1000, backoff: fast });
    const result = await gw.updatePageMarkdown(PAGE, { edits: [{ oldStr: 'old text', newStr: 'new text' }] });
    assert.equal(result.markdown, 'new text\n');
    assert.deepEqual(seen.map((s) => s.method), ['PATCH', 'GET']);
  });

  it('a retried creation (firstAttemptAt) returns the page an earlier attempt made, without creating another', async () => {
    const earlier = '88888888-8888-4888-8888-888888888888';
    const children = {
      object: 'list',
      results: [{ object: 'block', id: earlier, type: 'child_page', child_page: { title: 'Report' }, created_time: new Date().toISOString(), has_children: false }],
      next_cursor: null,
      has_more: false,
    };
    const { fetch, seen } = scripted([() => json(200, children), () => json(200, pageJson(earlier, 'Report'))]);
    const gw = new NotionGateway({ token: TOKEN, fetch, requestsPerSecond: 1000 });
    const page = await gw.createPage({ parent: { type: 'page', id: PARENT }, title: 'Report', firstAttemptAt: new Date(Date.now() - 5_000).toISOString() });
    assert.equal(page.id, earlier);
    assert.deepEqual(seen.map((s) => s.method), ['GET', 'GET']);

    // Nothing from the earlier attempt: it creates.
    const empty = scripted([() => json(200, { ...children, results: [] }), () => json(200, pageJson(PAGE, 'Report'))]);
    const gw2 = new NotionGateway({ token: TOKEN, fetch: empty.fetch, requestsPerSecond: 1000 });
    await gw2.createPage({ parent: { type: 'page', id: PARENT }, title: 'Report', firstAttemptAt: new Date().toISOString() });
    assert.deepEqual(empty.seen.map((s) => s.method), ['GET', 'POST']);
  });

  it('checks for a landed page even when no retries are left', async () => {
    const landed = '77777777-7777-4777-8777-777777777777';
    const { fetch, seen } = scripted([
      () => json(500, error(500, 'internal_server_error')),
      () =>
        json(200, {
          object: 'list',
          results: [{ object: 'block', id: landed, type: 'child_page', child_page: { title: 'Once' }, created_time: new Date().toISOString(), has_children: false }],
          next_cursor: null,
          has_more: false,
        }),
      () => json(200, pageJson(landed, 'Once')),
    ]);
    const gw = new NotionGateway({ token: TOKEN, fetch, requestsPerSecond: 1000, maxRetries: 0 });
    assert.equal((await gw.createPage({ parent: { type: 'page', id: PARENT }, title: 'Once' })).id, landed);
    assert.equal(seen.length, 3);
  });

  it('stops on public_api_request_blocked with a clear error, and sends nothing more', async () => {
    const blocked = { ...error(429, 'rate_limited', 'blocked'), additional_data: { rate_limit_reason: 'public_api_request_blocked' } };
    const { fetch, seen } = scripted([() => json(429, blocked, { 'retry-after': '1' })]);
    const gw = new NotionGateway({ token: TOKEN, fetch, requestsPerMinute: 6_000, backoff: fast });
    const isBlocked = (e: unknown) => e instanceof NotionRequestBlockedError && !e.retryable && /contact Notion support/i.test(e.message);
    await assert.rejects(gw.getPage(PAGE), isBlocked);
    await assert.rejects(gw.me(), isBlocked);
    assert.equal(seen.length, 1);
  });

  it('waits out a workspace 429 longer than a minute, and shows the wait on the gateway', async () => {
    const body = { ...error(429, 'rate_limited'), additional_data: { rate_limit_reason: 'public_api_space_request_rate_limit', retry_after: '95' } };
    const { fetch } = scripted([() => json(429, body)]);
    const gw = new NotionGateway({ token: TOKEN, fetch, requestsPerMinute: 600, backoff: fast });
    const seenStatus: (number | null)[] = [];
    gw.onRateLimitChange((s) => seenStatus.push(s.pausedUntil));
    const controller = new AbortController();
    const call = gw.getPage(PAGE, controller.signal);
    await new Promise((r) => setTimeout(r, 50));
    const status = gw.rateLimit;
    assert.equal(status.reason, 'workspace');
    assert.ok((status.pausedUntil ?? 0) - Date.now() > 90_000, 'Retry-After from the body (95 s) is honoured');
    assert.equal(status.currentPerMinute, 300, 'the shared budget halves the pace');
    assert.equal(seenStatus.length, 1);
    controller.abort();
    await assert.rejects(call, (e: Error) => e.name === 'AbortError');
  });

  it('retries a 529 overload like a 429 (after its wait), for writes too', async () => {
    const { fetch, seen } = scripted([
      () => json(529, error(529, 'service_overload'), { 'retry-after': '0' }),
      () => json(200, pageJson(PAGE, 'New')),
    ]);
    const gw = new NotionGateway({ token: TOKEN, fetch, requestsPerMinute: 6_000, backoff: fast });
    assert.equal((await gw.createPage({ parent: { type: 'page', id: PARENT }, title: 'New' })).title, 'New');
    assert.deepEqual(seen.map((s) => s.method), ['POST', 'POST']);
    assert.equal(gw.rateLimit.currentPerMinute, 3_000);
  });

  it('a 503 after a committed create returns the committed page, without a search or a second create', async () => {
    const committed = '66666666-6666-4666-8666-666666666666';
    const saved = {
      ...error(503, 'service_unavailable', 'The change was saved, but the response could not be built in time.'),
      additional_data: { retry_guidance: ['Read the object again instead of repeating the write.'], committed_resource_id: committed },
    };
    const { fetch, seen } = scripted([() => json(503, saved), () => json(200, pageJson(committed, 'Saved'))]);
    const gw = new NotionGateway({ token: TOKEN, fetch, requestsPerMinute: 6_000, backoff: fast });
    const page = await gw.createPage({ parent: { type: 'page', id: PARENT }, title: 'Saved' });
    assert.equal(page.id, committed);
    assert.deepEqual(seen.map((s) => `${s.method} ${s.path}`), ['POST /v1/pages', `GET /v1/pages/${committed}`]);
  });

  it('a 503 after a committed append takes the committed child ids, without appending again', async () => {
    const ids = ['c0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002'];
    const saved = { ...error(503, 'service_unavailable'), additional_data: { retry_guidance: ['Read again.'], committed_resource_id: PAGE, committed_child_ids: ids } };
    const { fetch, seen } = scripted([() => json(503, saved)]);
    const gw = new NotionGateway({ token: TOKEN, fetch, requestsPerMinute: 6_000, backoff: fast });
    const paragraph = (t: string) => ({ type: 'paragraph' as const, paragraph: { rich_text: [{ type: 'text' as const, text: { content: t } }] } });
    assert.deepEqual(await gw.appendBlocks(PAGE, [paragraph('a'), paragraph('b')]), ids);
    assert.equal(seen.length, 1);
  });

  it('a 503 that says a property update was saved reads the page back instead of writing again', async () => {
    const saved = { ...error(503, 'service_unavailable'), additional_data: { retry_guidance: ['Read the object again instead of repeating the write.'] } };
    const { fetch, seen } = scripted([() => json(503, saved), () => json(200, pageJson(PAGE, 'Renamed'))]);
    const gw = new NotionGateway({ token: TOKEN, fetch, requestsPerMinute: 6_000, backoff: fast });
    const page = await gw.updatePageProperties(PAGE, { Done: { checkbox: true } });
    assert.equal(page.title, 'Renamed');
    assert.deepEqual(seen.map((s) => s.method), ['PATCH', 'GET']);
  });

  it('sends markdown_version on every markdown call when asked, and only with markdown on create', async () => {
    const sent: { url: string; body: Record<string, unknown> }[] = [];
    const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
      sent.push({ url: String(input), body: init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : {} });
      const md = { object: 'page_markdown', id: PAGE, markdown: 'x', truncated: false, unknown_block_ids: [], warnings: [{ message: 'ignored' }] };
      return String(input).includes('/markdown') ? json(200, md) : json(200, pageJson(PAGE, 'New'));
    }) as typeof globalThis.fetch;
    const gw = new NotionGateway({ token: TOKEN, fetch, requestsPerMinute: 6_000, markdownVersion: 'v2' });
    await gw.getPageMarkdown(PAGE);
    const edited = await gw.updatePageMarkdown(PAGE, { edits: [{ oldStr: 'a', newStr: 'b' }] });
    await gw.updatePageMarkdown(PAGE, { replace: 'all' });
    await gw.createPage({ parent: { type: 'page', id: PARENT }, title: 'New', markdown: '# New' });
    await gw.createPage({ parent: { type: 'page', id: PARENT }, title: 'Bare' });
    assert.match(sent[0]?.url ?? '', /\/markdown\?markdown_version=v2$/);
    assert.equal(sent[1]?.body.markdown_version, 'v2');
    assert.equal(sent[1]?.body.type, 'update_content');
    assert.equal(sent[2]?.body.markdown_version, 'v2');
    assert.deepEqual([sent[3]?.body.markdown_version, sent[3]?.body.markdown], ['v2', '# New']);
    assert.equal(sent[4]?.body.markdown_version, undefined, 'never with a create that has no markdown');
    assert.deepEqual(edited.warnings, [{ message: 'ignored' }]);

    sent.length = 0;
    const plain = new NotionGateway({ token: TOKEN, fetch, requestsPerMinute: 6_000 });
    await plain.getPageMarkdown(PAGE);
    await plain.updatePageMarkdown(PAGE, { replace: 'all' });
    assert.ok(!sent[0]?.url.includes('markdown_version'));
    assert.equal(sent[1]?.body.markdown_version, undefined, "unset: Notion's default");
  });

  it('reads relation and people lists cut at 25 whole through the property-item endpoint, paginated', async () => {
    const ref = (i: number) => ({ id: `a0000000-0000-4000-8000-${String(i).padStart(12, '0')}` });
    const person = (i: number) => ({ object: 'user', id: `b0000000-0000-4000-8000-${String(i).padStart(12, '0')}` });
    const page = pageJson(PAGE, 'Hub');
    const properties = page.properties as Record<string, unknown>;
    properties.Links = { id: 'rel1', type: 'relation', relation: Array.from({ length: 25 }, (_, i) => ref(i)), has_more: true };
    properties.Owners = { id: 'ppl1', type: 'people', people: Array.from({ length: 25 }, (_, i) => person(i)) };
    properties.Few = { id: 'rel2', type: 'relation', relation: [ref(0)], has_more: false };
    const items = (type: string, values: unknown[], next: string | null) =>
      json(200, { object: 'list', results: values.map((v) => ({ object: 'property_item', type, [type]: v })), next_cursor: next, has_more: next !== null, type: 'property_item' });
    const { fetch, seen } = scripted([
      () => json(200, page),
      () => items('relation', Array.from({ length: 100 }, (_, i) => ref(i)), 'cursor-2'),
      () => items('relation', Array.from({ length: 30 }, (_, i) => ref(100 + i)), null),
      () => items('people', Array.from({ length: 26 }, (_, i) => person(i)), null),
    ]);
    const gw = new NotionGateway({ token: TOKEN, fetch, requestsPerMinute: 6_000 });
    const got = await gw.getPage(PAGE);
    const links = got.properties.Links as unknown as { relation: { id: string }[]; has_more: boolean };
    assert.equal(links.relation.length, 130);
    assert.equal(links.has_more, false);
    assert.equal(links.relation[129]?.id, ref(129).id);
    assert.equal((got.properties.Owners as unknown as { people: unknown[] }).people.length, 26);
    assert.deepEqual(seen.slice(1).map((r) => r.path), [`/v1/pages/${PAGE}/properties/rel1`, `/v1/pages/${PAGE}/properties/rel1`, `/v1/pages/${PAGE}/properties/ppl1`], 'only the cut lists');
  });
});
