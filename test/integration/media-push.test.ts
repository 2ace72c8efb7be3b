// Local media pushed to Notion (issue 11, bidirectional mode): a local image
// linked by relative path is uploaded through the File Upload API (real
// @notionhq/client against the emulator) and attached as an image block at its
// place, once; removing the link removes the block; a file over the plan's
// limit is refused with a clear error; an upload that expired before it was
// attached is sent again.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { layersPng } from '../../src/emulator/seedMedia';
import type { EngineContext } from '../../src/sync/engine/context';
import { uploadLocalMedia } from '../../src/sync/engine/mediaPush';
import { parseDocument } from '../../src/sync/documents/frontmatter';
import { runCli } from './support/cliProcess';
import { DEMO_IDS, harnessPerTest, readText, type Harness } from './support/engineHarness';

const PAGE = 'notion/Acme Handbook/Getting Started/Local Setup.md';
const IMAGE = 'notion/Acme Handbook/Getting Started/Local Setup.media/diagram.png';

type Block = { id: string; type: string; image?: { type: string; caption: Array<{ plain_text: string }> } };

async function blocks(h: Harness): Promise<Block[]> {
  return (await h.control.getPage(DEMO_IDS.localSetupPage)).blocks as Block[];
}

/** Puts `bytes` at IMAGE and links it after the page's first paragraph. */
async function addImage(h: Harness, bytes: Buffer): Promise<void> {
  await mkdir(path.dirname(path.join(h.workspace, IMAGE)), { recursive: true });
  await writeFile(path.join(h.workspace, IMAGE), bytes);
  const text = await readText(h.workspace, PAGE);
  await writeFile(path.join(h.workspace, PAGE), text.replace('clone the repository:\n', 'clone the repository:\n\n![A diagram](Local%20Setup.media/diagram.png)\n'));
}

async function uploadsSent(h: Harness): Promise<number> {
  return (await h.control.requests()).filter((r) => r.method === 'POST' && r.path === '/v1/file_uploads').length;
}

describe('media: local files pushed to Notion (bidirectional, emulator over HTTP)', function () {
  this.timeout(60_000);
  let h: Harness;
  harnessPerTest((x) => (h = x));

  it('uploads a new local image once and attaches it as an image block at its place; other blocks keep their ids', async () => {
    const { engine, store } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    const before = await blocks(h);
    const png = layersPng(20, 12);
    await addImage(h, png);
    const written = await readText(h.workspace, PAGE);
    // Problems: an image that exists here is uploaded, so it is no "not sent" entry; a missing one is.
    await writeFile(path.join(h.workspace, PAGE), `${written}\n![gone](Local%20Setup.media/missing.png)\n`);
    const problems = (await engine.indexDocuments()).diagnostics.filter((d) => d.path === PAGE).map((d) => d.message);
    assert.deepEqual(problems.filter((m) => /diagram\.png/.test(m)), []);
    assert.ok(problems.some((m) => /image "Local%20Setup\.media\/missing\.png" is neither a URL nor synced media/.test(m)), problems.join('\n'));
    await writeFile(path.join(h.workspace, PAGE), written);
    const report = await engine.sync();
    assert.equal(report.failed, 0, JSON.stringify(store.getQueue().filter((q) => q.lastError)));
    const after = await blocks(h);
    assert.deepEqual(after.map((b) => b.type), ['paragraph', 'image', 'code', 'paragraph']);
    assert.deepEqual([after[0].id, after[2].id, after[3].id], before.map((b) => b.id), 'untouched blocks keep their ids');
    assert.equal(after[1].image?.type, 'file', 'a Notion-hosted file, not a link');
    assert.equal(after[1].image?.caption.map((c) => c.plain_text).join(''), 'A diagram');
    assert.equal(await uploadsSent(h), 1);
    // Notion serves the very bytes.
    const md = (await h.control.getPage(DEMO_IDS.localSetupPage)).markdown;
    const url = /!\[A diagram\]\((http[^)]+)\)/.exec(md)?.[1];
    assert.ok(url && /X-Amz-/.test(url), md);
    assert.deepEqual(Buffer.from(await (await fetch(url)).arrayBuffer()), png);
    const row = store.getMediaByPath(IMAGE)!;
    assert.deepEqual([row.state, row.blockId, row.size, row.uploadId], ['synced', after[1].id, png.length, null]);
    assert.equal(await readText(h.workspace, PAGE), written, 'the file stays as written');
    assert.equal(store.getMapByPath(PAGE)?.state, 'synced');

    // Nothing to push again, nothing to download (the local copy is the file), no conflict.
    await h.control.clearFileRequests();
    const again = await engine.sync({ full: true });
    assert.equal(again.failed, 0);
    assert.ok(!again.changes.some((c) => c.path === PAGE), JSON.stringify(again.changes));
    assert.equal(await uploadsSent(h), 1, 'never uploaded twice');
    assert.deepEqual(await h.control.fileRequests(), []);
    // An edit elsewhere in the page: pushed, the image is not sent again.
    await writeFile(path.join(h.workspace, PAGE), (await readText(h.workspace, PAGE)).replace(/\n$/, '\n\nOne more line.\n'));
    assert.equal((await engine.sync()).failed, 0);
    assert.equal(await uploadsSent(h), 1);
    assert.deepEqual((await blocks(h)).slice(0, 2).map((b) => b.id), [after[0].id, after[1].id]);
  });

  it('removing the link removes the image block', async () => {
    const { engine, store } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    await addImage(h, layersPng(20, 12));
    await engine.sync();
    assert.ok((await blocks(h)).some((b) => b.type === 'image'));
    await writeFile(path.join(h.workspace, PAGE), (await readText(h.workspace, PAGE)).replace('![A diagram](Local%20Setup.media/diagram.png)\n\n', ''));
    const report = await engine.sync();
    assert.equal(report.failed, 0, JSON.stringify(store.getQueue().filter((q) => q.lastError)));
    assert.deepEqual((await blocks(h)).map((b) => b.type), ['paragraph', 'code', 'paragraph']);
    assert.equal(store.getMediaByPath(IMAGE), undefined);
    assert.ok((await readFile(path.join(h.workspace, IMAGE))).length > 0, 'the local file itself stays');
  });

  it('a file over the workspace plan\'s limit (Free: 5 MiB) is refused with a clear error; nothing is sent', async () => {
    await h.control.setKnobs({ plan: 'free' });
    const { engine, store } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    await addImage(h, Buffer.concat([layersPng(), Buffer.alloc(6 * 1024 * 1024)]));
    await h.control.clearRequests();
    const report = await engine.sync();
    assert.ok(report.failed >= 1);
    const failed = store.getQueue().filter((q) => q.operation === 'push' && q.lastError);
    assert.ok(failed.length >= 1);
    for (const f of failed) {
      assert.match(f.lastError ?? '', /diagram\.png is 6\.0 MB; this Notion workspace takes files up to 5\.0 MB \(its plan's limit\).*Nothing was pushed/);
      assert.equal(f.status, 'dead', 'not retried: the file must change first');
    }
    const writes = (await h.control.requests()).filter((r) => r.method === 'PATCH' || r.path.startsWith('/v1/file_uploads') || r.path.startsWith('/v1/blocks'));
    assert.deepEqual(writes, [], 'no upload, no edit');
  });

  it('a file over 20 MB goes up in 10 MB parts on a paid plan, then is attached', async () => {
    await h.control.setKnobs({ plan: 'paid' });
    const { engine, store } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    const big = Buffer.concat([layersPng(), Buffer.alloc(21 * 1024 * 1024, 7)]);
    await addImage(h, big);
    await h.control.clearRequests();
    const report = await engine.sync();
    assert.equal(report.failed, 0, JSON.stringify(store.getQueue().filter((q) => q.lastError)));
    const log = (await h.control.requests()).filter((r) => r.path.startsWith('/v1/file_uploads')).map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/, 'ID')}`);
    assert.deepEqual(log, ['POST /v1/file_uploads', 'POST /v1/file_uploads/ID/send', 'POST /v1/file_uploads/ID/send', 'POST /v1/file_uploads/ID/send', 'POST /v1/file_uploads/ID/complete']);
    const md = (await h.control.getPage(DEMO_IDS.localSetupPage)).markdown;
    const url = /!\[A diagram\]\((http[^)]+)\)/.exec(md)?.[1];
    assert.ok(url, md);
    assert.ok(Buffer.from(await (await fetch(url)).arrayBuffer()).equals(big), 'the parts joined into the very bytes');
    assert.equal(store.getMediaByPath(IMAGE)?.size, big.length);
  });

  it('an upload that expired before it was attached is sent again, then attached', async () => {
    const opened = await h.open({ mode: 'bidirectional' });
    await opened.engine.pull();
    const png = layersPng(20, 12);
    await addImage(h, png);
    // A push that stopped right after the upload (a crash, a failed edit): the upload waits, unattached.
    const ctx: EngineContext = { workspace: h.workspace, settings: opened.engine.settings, store: opened.store, gateway: opened.gateway, logger: h.logger, now: Date.now, dryRun: false };
    const doc = parseDocument(await readText(h.workspace, PAGE), PAGE);
    assert.ok(doc.ok);
    assert.equal(await uploadLocalMedia(ctx, DEMO_IDS.localSetupPage, PAGE, doc.body), 1);
    const first = opened.store.getMediaByPath(IMAGE)!;
    assert.equal(first.state, 'uploaded');
    await h.control.advanceClock(61 * 60_000);
    const report = await opened.engine.sync();
    assert.equal(report.failed, 0, JSON.stringify(opened.store.getQueue().filter((q) => q.lastError)));
    assert.equal(await uploadsSent(h), 2, 'the expired upload was replaced by one new upload');
    const row = opened.store.getMediaByPath(IMAGE)!;
    assert.equal(row.state, 'synced');
    const image = (await blocks(h)).find((b) => b.type === 'image');
    assert.equal(image?.image?.type, 'file');
    assert.equal(row.blockId, image?.id);
  });

  it('new bytes under a pulled image\'s name (no text edit) go into its block on the next sync, once; the CLI sync catches them too', async () => {
    const opened = await h.open({ mode: 'bidirectional' });
    const { engine, store } = opened;
    await engine.pull();
    const arch = 'notion/Acme Handbook/Engineering/Architecture.md';
    const layers = 'notion/Acme Handbook/Engineering/Architecture.media/layers.png';
    const text = await readText(h.workspace, arch);
    const before = (await h.control.getPage(DEMO_IDS.architecturePage)).blocks as Block[];
    const served = async () => {
      const url = /!\[The three layers\]\((http[^)]+)\)/.exec((await h.control.getPage(DEMO_IDS.architecturePage)).markdown)?.[1];
      assert.ok(url);
      return Buffer.from(await (await fetch(url)).arrayBuffer());
    };
    assert.ok(store.getMediaByPath(layers)?.mtimeMs, 'the pull noted the copy\'s time: a scan needs no hash of it');
    const redrawn = layersPng(30, 20);
    await writeFile(path.join(h.workspace, layers), redrawn);
    await h.control.clearRequests();
    const report = await engine.sync();
    assert.equal(report.failed, 0, JSON.stringify(store.getQueue().filter((q) => q.lastError)));
    assert.equal(await uploadsSent(h), 1);
    assert.deepEqual(await served(), redrawn, 'Notion serves the new bytes');
    const after = (await h.control.getPage(DEMO_IDS.architecturePage)).blocks as Block[];
    assert.deepEqual(after.map((b) => b.id), before.map((b) => b.id), 'into the same block; every block keeps its id');
    assert.equal(await readText(h.workspace, arch), text, 'the page\'s file is not rewritten');
    assert.deepEqual(await readFile(path.join(h.workspace, layers)), redrawn, 'nor the image');
    assert.equal(store.getMediaByPath(layers)?.size, redrawn.length);
    assert.equal(store.getUnresolvedConflicts().length, 0);
    await h.control.clearRequests();
    await h.control.clearFileRequests();
    const again = await engine.sync();
    assert.deepEqual(again.changes, []);
    assert.equal(await uploadsSent(h), 0, 'not uploaded twice');
    assert.deepEqual(await h.control.fileRequests(), [], 'nor downloaded back');
    await opened.close();

    // The same through `notion-sync sync` (its own process, the same state).
    await writeFile(path.join(h.workspace, 'notion-sync.json'), JSON.stringify({ roots: [DEMO_IDS.rootPage], mode: 'bidirectional' }));
    const again2 = layersPng(40, 24);
    await writeFile(path.join(h.workspace, layers), again2);
    await h.control.clearRequests();
    const r = await runCli(['sync', '--workspace', h.workspace, '--api-url', h.emulator.baseUrl], { NOTION_TOKEN: 'secret_test_token' });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(await uploadsSent(h), 1);
    assert.deepEqual(await served(), again2);
  });

  it('new bytes under a pulled image\'s name over the plan\'s limit: refused once with the sizes, not queued again by later syncs until the file changes', async () => {
    await h.control.setKnobs({ plan: 'free' });
    const { engine, store } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    const layers = 'notion/Acme Handbook/Engineering/Architecture.media/layers.png';
    await writeFile(path.join(h.workspace, layers), Buffer.concat([layersPng(), Buffer.alloc(6 * 1024 * 1024)]));
    await h.control.clearRequests();
    const refused = await engine.sync();
    assert.ok(refused.failed >= 1);
    const pushes = () => store.getQueue().filter((q) => q.operation === 'push' && q.notionId === DEMO_IDS.architecturePage);
    assert.equal(pushes().length, 1);
    assert.match(pushes()[0]!.lastError ?? '', /layers\.png is 6\.0 MB; this Notion workspace takes files up to 5\.0 MB/);
    assert.equal(pushes()[0]!.status, 'dead');
    h.advance(120_000);
    assert.equal((await engine.sync()).failed, 0, 'the next sync does not try it again');
    assert.equal(pushes().length, 1);
    assert.equal(await uploadsSent(h), 0);
    // A smaller drawing under the same name: noticed, and it goes.
    await writeFile(path.join(h.workspace, layers), layersPng(30, 20));
    assert.equal((await engine.sync()).failed, 0, JSON.stringify(store.getQueue().filter((q) => q.lastError && q.status !== 'dead')));
    assert.equal(await uploadsSent(h), 1);
  });

  it('an insertion right after a Notion-hosted PDF is anchored on the next block, not on the PDF\'s signed URL', async () => {
    const { engine, store } = await h.open({ mode: 'bidirectional' });
    await engine.pull();
    const arch = 'notion/Acme Handbook/Engineering/Architecture.md';
    const before = (await h.control.getPage(DEMO_IDS.architecturePage)).blocks as Block[];
    // The image's URL is signed anew on every read, so an old_str holding it could never match Notion's text.
    const text = await readText(h.workspace, arch);
    await writeFile(path.join(h.workspace, arch), text.replace('(Architecture.media/Design%20review.pdf)\n', '(Architecture.media/Design%20review.pdf)\n\nRight under the PDF.\n'));
    const report = await engine.sync();
    assert.equal(report.failed, 0, JSON.stringify(store.getQueue().filter((q) => q.lastError)));
    const after = (await h.control.getPage(DEMO_IDS.architecturePage)).blocks as Block[];
    const pdf = after.findIndex((b) => b.type === 'pdf');
    assert.deepEqual([after[pdf + 1]?.type, after[pdf + 2]?.type], ['paragraph', 'embed']);
    assert.match((await h.control.getPage(DEMO_IDS.architecturePage)).markdown, /Right under the PDF\./);
    assert.deepEqual(after.filter((b) => before.some((x) => x.id === b.id)).length, before.length, 'every block kept its id');
  });
});
