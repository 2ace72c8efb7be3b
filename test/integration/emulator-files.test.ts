// Notion-hosted files and the File Upload API, through the real @notionhq/client:
// signed URLs that change on every read and really expire, bytes served by the
// emulator, single- and multi-part uploads, attach by id, expiry, plan limits.
import assert from 'node:assert/strict';
import { APIResponseError, Client, LogLevel } from '@notionhq/client';
import { startEmulator, DEMO_IDS, type RunningEmulator } from '../../src/emulator/server';
import { EmulatorControl } from '../../src/emulator/controlClient';

type MediaBlock = { id: string; type: string } & Record<string, { type: string; file?: { url: string; expiry_time: string }; caption: Array<{ plain_text: string }> }>;

const MB = 1024 * 1024;

describe('emulator: Notion-hosted files and the File Upload API', function () {
  this.timeout(60_000);
  let emu: RunningEmulator;
  let notion: Client;
  let control: EmulatorControl;

  const media = async (pageId: string) =>
    ((await notion.blocks.children.list({ block_id: pageId })).results as unknown as MediaBlock[]).filter((b) => ['image', 'pdf', 'file', 'audio', 'video'].includes(b.type));
  const rejects400 = (p: Promise<unknown>, message: RegExp) => assert.rejects(p, (e: unknown) => e instanceof APIResponseError && e.status === 400 && message.test(e.message));
  const newUpload = async (bytes: Buffer, filename = 'note.txt') => {
    const created = await notion.fileUploads.create({ mode: 'single_part', filename });
    assert.equal(created.status, 'pending');
    return notion.fileUploads.send({ file_upload_id: created.id, file: { filename, data: new Blob([new Uint8Array(bytes)]) } });
  };

  before(async () => {
    emu = await startEmulator({ seed: 'demo' });
    notion = new Client({ auth: 'secret_test', baseUrl: emu.baseUrl, retry: false, logLevel: LogLevel.ERROR });
    control = new EmulatorControl(emu.baseUrl);
  });
  after(() => emu.close());
  beforeEach(async () => {
    await control.reset({ seed: 'demo' });
    await control.setKnobs({ plan: 'free' });
  });

  it('serves the demo image and PDF behind signed URLs that change on every read and expire after an hour', async () => {
    const [image, pdf] = await media(DEMO_IDS.architecturePage);
    assert.deepEqual([image.type, pdf.type, image.image.type, pdf.pdf.type], ['image', 'pdf', 'file', 'file']);
    const first = image.image.file!.url;
    const second = (await media(DEMO_IDS.architecturePage))[0].image.file!.url;
    assert.notEqual(first, second, 'signed anew on every read');
    assert.equal(first.split('?')[0], second.split('?')[0], 'the path is stable');
    assert.match(first, /X-Amz-Signature=[0-9a-f]+/);
    assert.ok(Date.parse(image.image.file!.expiry_time) - Date.now() > 50 * 60_000);
    const png = await fetch(first);
    assert.equal(png.status, 200);
    assert.equal(png.headers.get('content-type'), 'image/png');
    assert.deepEqual([...new Uint8Array(await png.arrayBuffer()).slice(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    assert.match(await (await fetch(pdf.pdf.file!.url)).text(), /^%PDF-1\.4/);
    assert.equal((await fetch(first.replace(/X-Amz-Signature=[0-9a-f]+/, 'X-Amz-Signature=00'))).status, 403, 'a forged signature is refused');

    await control.advanceClock(3601_000);
    const expired = await fetch(first);
    assert.equal(expired.status, 403);
    assert.match(await expired.text(), /<Code>AccessDenied<\/Code><Message>Request has expired/);
    const fresh = (await media(DEMO_IDS.architecturePage))[0].image.file!.url;
    assert.equal((await fetch(fresh)).status, 200, 'a new read signs a new, valid URL');
  });

  it('inlines signed URLs in page markdown (v1 src, v2 source)', async () => {
    const md = (version?: string) =>
      notion.request<{ markdown: string }>({ path: `pages/${DEMO_IDS.architecturePage}/markdown`, method: 'get', query: version ? { markdown_version: version } : {} });
    const v1 = (await md()).markdown;
    assert.match(v1, /!\[The three layers\]\(http:\/\/127\.0\.0\.1:\d+\/files\/[0-9a-f]{32}\/layers\.png\?X-Amz-/);
    assert.match(v1, /<pdf src="http:\/\/127\.0\.0\.1:\d+\/files\/[0-9a-f]{32}\/Design%20review\.pdf\?X-Amz-[^"]+">Design review notes<\/pdf>/);
    assert.match((await md('v2')).markdown, /<pdf source="http[^"]+">Design review notes<\/pdf>/);
    assert.notEqual((await md()).markdown, v1, 'the signature differs on the next read');
  });

  it('uploads a file in one part, attaches it by id, and serves its bytes', async () => {
    const bytes = Buffer.from('hello from a file upload\n');
    const sent = await newUpload(bytes);
    assert.deepEqual([sent.status, sent.content_length, sent.content_type, sent.filename], ['uploaded', bytes.length, 'text/plain', 'note.txt']);
    // Every key @notionhq/client's FileUploadObjectResponse requires (the OpenAPI file has no file-upload operations).
    for (const key of ['object', 'id', 'created_time', 'created_by', 'last_edited_time', 'in_trash', 'archived', 'expiry_time', 'status', 'filename', 'content_type', 'content_length']) {
      assert.ok(key in sent, `file_upload lacks ${key}`);
    }
    assert.ok(sent.expiry_time, 'unattached uploads expire');
    const appended = await notion.blocks.children.append({
      block_id: DEMO_IDS.localSetupPage,
      children: [{ type: 'file', file: { type: 'file_upload', file_upload: { id: sent.id }, caption: [{ text: { content: 'Notes' } }] } }],
    });
    const block = appended.results[0] as unknown as MediaBlock;
    assert.equal(block.file.type, 'file');
    assert.equal(Buffer.from(await (await fetch(block.file.file!.url)).arrayBuffer()).toString(), bytes.toString());
    assert.equal((await notion.fileUploads.retrieve({ file_upload_id: sent.id })).expiry_time, null, 'attached: permanent');
    // Reusable: attach the same upload again, even hours later.
    await control.advanceClock(3 * 3600_000);
    await notion.blocks.children.append({ block_id: DEMO_IDS.localSetupPage, children: [{ type: 'image', image: { type: 'file_upload', file_upload: { id: sent.id } } }] });
    const listed = await notion.fileUploads.list({ status: 'uploaded' });
    assert.ok(listed.results.some((u) => u.id === sent.id));
  });

  it('expires an upload left unattached for an hour', async () => {
    const sent = await newUpload(Buffer.from('late'));
    await control.advanceClock(61 * 60_000);
    assert.equal((await notion.fileUploads.retrieve({ file_upload_id: sent.id })).status, 'expired');
    await rejects400(notion.blocks.children.append({ block_id: DEMO_IDS.localSetupPage, children: [{ type: 'image', image: { type: 'file_upload', file_upload: { id: sent.id } } }] }), /expired/);
    const pending = await notion.fileUploads.create({ filename: 'x.txt' });
    await control.advanceClock(61 * 60_000);
    await rejects400(notion.fileUploads.send({ file_upload_id: pending.id, file: { data: new Blob(['x']) } }), /expired/);
  });

  it('limits file size by plan: 5 MiB on Free, multi-part only on paid plans', async () => {
    assert.equal(((await notion.users.me({})) as unknown as { bot: { workspace_limits: { max_file_upload_size_in_bytes: number } } }).bot.workspace_limits.max_file_upload_size_in_bytes, 5 * MB);
    const big = Buffer.alloc(6 * MB, 1);
    await rejects400(newUpload(big, 'big.bin'), /plan \(free\)/);
    await rejects400(notion.fileUploads.create({ mode: 'multi_part', filename: 'big.bin', number_of_parts: 2 }), /paid/);
    await control.setKnobs({ plan: 'paid' });
    assert.equal((await newUpload(big, 'big.bin')).status, 'uploaded');
  });

  it('uploads in parts of 5–20 MB (only the last smaller), then completes', async () => {
    await control.setKnobs({ plan: 'paid' });
    const created = await notion.fileUploads.create({ mode: 'multi_part', filename: 'video.mp4', number_of_parts: 2 });
    assert.deepEqual(created.number_of_parts, { total: 2, sent: 0 });
    assert.ok(created.complete_url);
    await rejects400(notion.fileUploads.send({ file_upload_id: created.id, part_number: '1', file: { data: new Blob([new Uint8Array(MB)]) } }), /5–20 MB/);
    // Parts may arrive in any order.
    const last = await notion.fileUploads.send({ file_upload_id: created.id, part_number: '2', file: { data: new Blob([new Uint8Array(1000).fill(2)]) } });
    assert.deepEqual(last.number_of_parts, { total: 2, sent: 1 });
    await rejects400(notion.fileUploads.complete({ file_upload_id: created.id }), /Sent 1 of 2/);
    await notion.fileUploads.send({ file_upload_id: created.id, part_number: '1', file: { data: new Blob([new Uint8Array(5 * MB).fill(1)]) } });
    const done = await notion.fileUploads.complete({ file_upload_id: created.id });
    assert.deepEqual([done.status, done.content_length, done.content_type], ['uploaded', 5 * MB + 1000, 'video/mp4']);
    const appended = await notion.blocks.children.append({ block_id: DEMO_IDS.localSetupPage, children: [{ type: 'video', video: { type: 'file_upload', file_upload: { id: done.id } } }] });
    const served = Buffer.from(await (await fetch((appended.results[0] as unknown as MediaBlock).video.file!.url)).arrayBuffer());
    assert.deepEqual([served.length, served[0], served[served.length - 1]], [5 * MB + 1000, 1, 2], 'parts joined in part order');
  });
});
