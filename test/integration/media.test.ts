// Media travel with the page (issue 11): Notion-hosted images and PDFs are
// downloaded beside the page's file and linked by relative path, against the
// emulator's signed, expiring file URLs through the real @notionhq/client.
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseDocument } from '../../src/sync/documents/frontmatter';
import { bodyHash, canonicalHash, parseNotion } from '../../src/sync/markdown';
import { pageLinks } from '../../src/sync/engine/pageLinks';
import { UNSIGNED_KEY } from '../../src/sync/engine/reform';
import { fileHash } from '../../src/sync/engine/render';
import { Client, LogLevel } from '@notionhq/client';
import { DEMO_IDS, harnessPerTest, listFiles, markdownV2, readText, type Harness } from './support/engineHarness';

const ARCH = 'notion/Acme Handbook/Engineering/Architecture.md';
const MEDIA = 'notion/Acme Handbook/Engineering/Architecture.media';

/** fetch whose connection is reset for the URLs `fails` picks (downloads from the file host, say). */
function resetting(fails: (url: string) => boolean): typeof fetch {
  return async (input, init) => {
    if (fails(String(input instanceof Request ? input.url : input))) throw new TypeError('fetch failed: connection reset');
    return fetch(input, init);
  };
}

describe('media: Notion-hosted files as local copies (emulator over HTTP)', function () {
  this.timeout(60_000);
  let h: Harness;
  harnessPerTest((x) => (h = x));

  it('pulls the PNG and the PDF into the page\'s media folder, linked by relative path, no signature in any file', async () => {
    const { engine, store } = await h.open();
    const report = await engine.pull();
    assert.equal(report.failed, 0, JSON.stringify(store.listLog({ limit: 5 })));
    const text = await readText(h.workspace, ARCH);
    assert.match(text, /!\[The three layers\]\(Architecture\.media\/layers\.png\)/);
    assert.match(text, /\[Design review notes\]\(Architecture\.media\/Design%20review\.pdf\)/);
    for (const f of await listFiles(h.workspace)) {
      if (f.endsWith('.md')) assert.doesNotMatch(await readText(h.workspace, f), /X-Amz-/i, `${f} holds a signed URL`);
    }
    const png = await readFile(path.join(h.workspace, MEDIA, 'layers.png'));
    assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    assert.match(await readFile(path.join(h.workspace, MEDIA, 'Design review.pdf'), 'latin1'), /^%PDF-1\.4/);
    // binder_resources: one row per medium with its local path, block, hash, size and state.
    const rows = store.listMedia(DEMO_IDS.architecturePage);
    assert.deepEqual(rows.map((r) => [r.kind, r.localPath, r.state, r.size]), [
      ['image', `${MEDIA}/layers.png`, 'synced', png.length],
      ['pdf', `${MEDIA}/Design review.pdf`, 'synced', (await readFile(path.join(h.workspace, MEDIA, 'Design review.pdf'))).length],
    ]);
    const blocks = (await h.control.getPage(DEMO_IDS.architecturePage)).blocks as Array<{ id: string; type: string }>;
    assert.deepEqual(rows.map((r) => r.blockId), ['image', 'pdf'].map((t) => blocks.find((b) => b.type === t)!.id));
    for (const r of rows) assert.doesNotMatch(r.url, /X-Amz-/i);
    // The file's body and Notion's page are the same content by canonical hash (local path ≡ Notion file).
    const doc = parseDocument(text, ARCH);
    assert.ok(doc.ok);
    assert.equal(bodyHash(doc.body, pageLinks(store, ARCH)), canonicalHash(parseNotion(await markdownV2(h, DEMO_IDS.architecturePage), 'v2').root));
  });

  it('downloads 0 bytes on a re-pull although every read signs the URLs anew; rewrites nothing', async () => {
    const { engine } = await h.open();
    await engine.pull();
    const first = await h.control.fileRequests();
    assert.equal(first.filter((r) => r.status === 200).length, 2);
    await h.control.clearFileRequests();
    const apiBefore = (await h.control.requests()).length;
    // A forced re-read of the page: its URLs are signed anew, its content is the same.
    engine.enqueueRefresh(DEMO_IDS.architecturePage);
    const forced = await engine.processQueue();
    assert.equal(forced.failed, 0);
    assert.deepEqual(await h.control.fileRequests(), [], 'no download on a re-read');
    const api = (await h.control.requests()).slice(apiBefore).map((r) => `${r.method} ${r.path.split('?')[0]}`);
    assert.ok(!api.some((r) => r.includes('/children')), `no block listing for known media: ${api.join(', ')}`);
    // An edit of the page's text in Notion: the file is rewritten, the media are not downloaded again.
    await h.control.editPage(DEMO_IDS.architecturePage, { appendMarkdown: 'A line added in Notion.\n' });
    const report = await engine.pull();
    assert.deepEqual(report.changes.map((c) => [c.action, c.path]), [['update', ARCH]]);
    const text = await readText(h.workspace, ARCH);
    assert.match(text, /A line added in Notion\./);
    assert.match(text, /\(Architecture\.media\/layers\.png\)/);
    assert.deepEqual(await h.control.fileRequests(), [], 'no download on the second pull');
  });

  it('an expired URL is read again from its block, not left as a broken image', async () => {
    let expireFirst = true;
    // The URL expires between the page read and the download (a long queue, a slow link): the emulator's clock jumps an hour.
    const fetchImpl: typeof fetch = async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (expireFirst && url.includes('/files/')) {
        expireFirst = false;
        await h.control.advanceClock(61 * 60_000);
      }
      return fetch(input, init);
    };
    const { engine, store } = await h.open({}, { fetch: fetchImpl });
    const report = await engine.pull();
    assert.equal(report.failed, 0, JSON.stringify(store.getQueue().filter((q) => q.lastError)));
    const files = (await h.control.fileRequests()).map((r) => r.status);
    assert.deepEqual(files.slice(0, 2), [403, 200], 'refused as expired, then fetched from a fresh URL');
    assert.ok(store.listMedia(DEMO_IDS.architecturePage).every((r) => r.state === 'synced'));
    assert.deepEqual([...(await readFile(path.join(h.workspace, MEDIA, 'layers.png'))).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  });

  it('a failed download keeps the previous copy and the link, and says why in the queue; the retry fetches it', async () => {
    let failFiles = false;
    const { engine, store } = await h.open({}, { fetch: resetting((url) => failFiles && url.includes('/files/')) });
    await engine.pull();
    const oldPng = await readFile(path.join(h.workspace, MEDIA, 'layers.png'));
    // In Notion, the image is replaced by another file (uploaded and put into the same block).
    const notion = new Client({ auth: 'secret_test_token', baseUrl: h.emulator.baseUrl, logLevel: LogLevel.ERROR });
    const image = store.listMedia(DEMO_IDS.architecturePage).find((r) => r.kind === 'image')!;
    const upload = await notion.fileUploads.create({ filename: 'layers.png', content_type: 'image/png' });
    const newPng = Buffer.concat([oldPng, Buffer.from('-v2')]);
    await notion.fileUploads.send({ file_upload_id: upload.id, file: { filename: 'layers.png', data: new Blob([new Uint8Array(newPng)], { type: 'image/png' }) } });
    await notion.blocks.update({ block_id: image.blockId!, image: { file_upload: { id: upload.id } } } as never);

    failFiles = true;
    const failed = await engine.pull();
    // At least once: on a loaded machine the queue's first, short backoff can end while the run still goes, and it tries again.
    assert.ok(failed.failed >= 1);
    const row = store.getQueue().find((q) => q.notionId === DEMO_IDS.architecturePage && q.lastError)!;
    assert.ok(row, JSON.stringify(store.getQueue()));
    assert.match(row.lastError ?? '', /media file\(s\) of .*Architecture\.md could not be downloaded: layers\.png: .*connection reset.*previous copy is kept/);
    assert.deepEqual(await readFile(path.join(h.workspace, MEDIA, 'layers.png')), oldPng, 'the previous copy is kept');
    assert.match(await readText(h.workspace, ARCH), /\(Architecture\.media\/layers\.png\)/, 'the link still leads to it');
    assert.equal(store.getMediaByPath(`${MEDIA}/layers.png`)?.state, 'error');

    failFiles = false;
    engine.retryAllFailed();
    const retried = await engine.processQueue();
    assert.equal(retried.failed, 0);
    assert.deepEqual(await readFile(path.join(h.workspace, MEDIA, 'layers.png')), newPng, 'the new bytes, under the same name');
    assert.equal(store.getMediaByPath(`${MEDIA}/layers.png`)?.state, 'synced');
    const backups = (await listFiles(h.workspace, { includeEngine: true })).filter((f) => f.startsWith('.notion-sync/backups/') && f.endsWith('layers.png'));
    assert.equal(backups.length, 1, 'the replaced bytes are kept in the backup folder');
  });

  for (const mode of ['publish', 'bidirectional'] as const) {
    it(`a file pulled before media were downloaded (signed URLs in it and its base) gets local copies on the next sync: no conflict, nothing sent, a backup kept (${mode})`, async () => {
      const { engine, store } = await h.open({ mode });
      await engine.pull();
      // The state an older Notion Sync left: Notion's signed URLs in the file and the base, no media rows, no folder.
      const md = await markdownV2(h, DEMO_IDS.architecturePage);
      const png = /\((http[^)]*layers\.png\?[^)]*)\)/.exec(md)?.[1];
      const pdf = /source="(http[^"]*Design%20review\.pdf\?[^"]*)"/.exec(md)?.[1]?.replaceAll('&amp;', '&');
      assert.ok(png && pdf && /X-Amz-/.test(png), md);
      const old = (t: string) => t.replace('(Architecture.media/layers.png)', `(${png})`).replace('(Architecture.media/Design%20review.pdf)', `(${pdf})`);
      const map = store.getMapByPath(ARCH)!;
      const oldFile = old(await readText(h.workspace, ARCH));
      const oldBase = old(store.getBase(map.localId)!.content);
      assert.notEqual(oldFile, await readText(h.workspace, ARCH));
      store.setBase(map.localId, oldBase, fileHash(oldBase));
      store.upsertMap({ localId: map.localId, localHash: fileHash(oldFile), remoteHash: fileHash(oldBase) });
      for (const r of store.listMedia(DEMO_IDS.architecturePage)) store.deleteMedia(r.id);
      store.deleteConfig(UNSIGNED_KEY);
      await rm(path.join(h.workspace, MEDIA), { recursive: true });
      // In publish mode, with a local edit elsewhere in the file: it stays a local edit.
      const edited = mode === 'publish' ? oldFile.replace('The system has three layers', 'The system has exactly three layers') : oldFile;
      await writeFile(path.join(h.workspace, ARCH), edited);
      await h.control.clearRequests();
      h.advance(120_000);

      const report = await engine.sync();
      assert.equal(report.failed, 0, JSON.stringify(store.getQueue().filter((q) => q.lastError)));
      const text = await readText(h.workspace, ARCH);
      assert.doesNotMatch(text, /X-Amz-/);
      assert.doesNotMatch(store.getBase(map.localId)!.content, /X-Amz-/);
      assert.match(text, /!\[The three layers\]\(Architecture\.media\/layers\.png\)/);
      assert.match(text, /\[Design review notes\]\(Architecture\.media\/Design%20review\.pdf\)/);
      assert.equal(text.replace('Architecture.media/layers.png', png).replace('Architecture.media/Design%20review.pdf', pdf), edited, 'only the URLs changed');
      assert.deepEqual([...(await readFile(path.join(h.workspace, MEDIA, 'layers.png'))).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
      assert.equal(store.getUnresolvedConflicts().length, 0);
      assert.equal(store.getMapByPath(ARCH)?.state, mode === 'publish' ? 'modified' : 'synced');
      const writes = (await h.control.requests()).filter((r) => r.method !== 'GET' && !/\/(search|query)$/.test(r.path));
      assert.deepEqual(writes, [], 'nothing sent to Notion');
      const backups = (await listFiles(h.workspace, { includeEngine: true })).filter((f) => f.startsWith('.notion-sync/backups/') && f.endsWith('Architecture.md'));
      assert.equal(backups.length, 1);
      assert.equal(await readText(h.workspace, backups[0]!), edited, 'the file as it was is kept');
      assert.deepEqual((await engine.sync()).changes, [], 'once');
    });
  }

  it('a medium whose first download fails is linked where its copy will be (never by a URL that expires), named in Problems until the retry fetches it; the file is not rewritten', async () => {
    let failFiles = true;
    const { engine, store } = await h.open({}, { fetch: resetting((url) => failFiles && url.includes('/layers.png')) });
    const first = await engine.pull();
    assert.ok(first.failed >= 1);
    const text = await readText(h.workspace, ARCH);
    assert.match(text, /!\[The three layers\]\(Architecture\.media\/layers\.png\)/, 'linked at the path its copy will have');
    assert.doesNotMatch(text, /X-Amz-|\/files\//);
    assert.match(store.getQueue().find((q) => q.notionId === DEMO_IDS.architecturePage)?.lastError ?? '', /layers\.png: .*connection reset \(no local copy yet\)/);
    const line = text.split('\n').findIndex((l) => l.includes('(Architecture.media/layers.png)')) + 1;
    const problems = (await engine.indexDocuments()).diagnostics.filter((d) => d.path === ARCH);
    assert.deepEqual(
      problems.map((d) => [d.line, d.severity, d.code]),
      [[line, 'warning', 'media-missing']],
    );
    assert.match(problems[0]!.message, /layers\.png is not downloaded yet \(.*connection reset.*\); the link works once a retry fetches it/);

    failFiles = false;
    engine.retryAllFailed();
    assert.equal((await engine.processQueue()).failed, 0);
    assert.deepEqual([...(await readFile(path.join(h.workspace, MEDIA, 'layers.png'))).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    assert.equal(await readText(h.workspace, ARCH), text, 'the file already linked the copy: not rewritten');
    assert.deepEqual((await engine.indexDocuments()).diagnostics.filter((d) => d.path === ARCH), [], 'the Problems entry is gone');
  });

  it('media of a page moved to the trash in Notion go to the trash with it', async () => {
    const { engine, store } = await h.open();
    await engine.pull();
    await h.control.trashPage(DEMO_IDS.architecturePage);
    await engine.pull({ full: true });
    const files = await listFiles(h.workspace, { includeEngine: true });
    assert.ok(!files.some((f) => f.startsWith(MEDIA)), 'no media left beside the trashed page');
    assert.ok(files.includes(`.notion-sync/trash/${MEDIA}/layers.png`), files.filter((f) => f.startsWith('.notion-sync/trash')).join(', '));
    assert.deepEqual(store.listMedia(DEMO_IDS.architecturePage), []);
  });

  it('external media stay URLs; with downloadExternalMedia they are downloaded too', async () => {
    // A web server of the test's own stands for the rest of the internet.
    const logo = Buffer.from('GIF89a-logo-bytes');
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'image/gif' }).end(logo));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/brand/logo.gif`;
    try {
      await h.control.editPage(DEMO_IDS.architecturePage, { appendMarkdown: `![Logo](${url})\n`, markdownVersion: 'v2' });
      const plain = await h.open();
      await plain.engine.pull();
      assert.match(await readText(h.workspace, ARCH), new RegExp(`!\\[Logo\\]\\(${url.replace(/[.]/g, '\\.')}\\)`));
      await plain.close();
      const { engine, store } = await h.open({ downloadExternalMedia: true });
      engine.enqueueRefresh(DEMO_IDS.architecturePage);
      assert.equal((await engine.processQueue()).failed, 0);
      assert.match(await readText(h.workspace, ARCH), /!\[Logo\]\(Architecture\.media\/logo\.gif\)/);
      assert.deepEqual(await readFile(path.join(h.workspace, MEDIA, 'logo.gif')), logo);
      assert.equal(store.getMediaByPath(`${MEDIA}/logo.gif`)?.url, url);
    } finally {
      server.close();
    }
  });

  it('one Notion file in two pages (an upload attached twice): each page links its own copy', async () => {
    const notion = new Client({ auth: 'secret_test_token', baseUrl: h.emulator.baseUrl, logLevel: LogLevel.ERROR });
    const upload = await notion.fileUploads.create({ filename: 'shared.png', content_type: 'image/png' });
    await notion.fileUploads.send({ file_upload_id: upload.id, file: { filename: 'shared.png', data: new Blob([new Uint8Array(Buffer.from('shared-bytes'))], { type: 'image/png' }) } });
    for (const page of [DEMO_IDS.architecturePage, DEMO_IDS.localSetupPage]) {
      await notion.blocks.children.append({ block_id: page, children: [{ type: 'image', image: { type: 'file_upload', file_upload: { id: upload.id } } }] });
    }
    const { engine } = await h.open();
    assert.equal((await engine.pull()).failed, 0);
    assert.match(await readText(h.workspace, ARCH), /\]\(Architecture\.media\/shared\.png\)/);
    assert.match(await readText(h.workspace, 'notion/Acme Handbook/Getting Started/Local Setup.md'), /\]\(Local%20Setup\.media\/shared\.png\)/);
  });
});
