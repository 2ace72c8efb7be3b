// npx tsx bench/media.bench.ts [images]
// Pull of a workspace with N Notion-hosted images (one per page, each its own
// bytes, uploaded through the File Upload API and attached as image blocks),
// then a second pull after every page's text was edited in Notion: the URLs
// are signed anew on every read, the bytes are the same, so the second pull
// must download nothing. Prints bytes and requests to the file host and time.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, LogLevel } from '@notionhq/client';
import { DEMO_IDS, startEmulator } from '../src/emulator/server';
import { EmulatorControl } from '../src/emulator/controlClient';
import { layersPng } from '../src/emulator/seedMedia';
import { nullLogger } from '../src/sync/logger';
import { openEngine } from '../src/sync/engine/open';
import { normaliseSettings } from '../src/sync/settings';
import { emit } from './report';

const IMAGES = Number(process.argv[2] ?? 100);

async function main(): Promise<void> {
  const emu = await startEmulator({ port: 0, seed: 'empty', pages: IMAGES });
  const control = new EmulatorControl(emu.baseUrl);
  const notion = new Client({ auth: 'bench', baseUrl: emu.baseUrl, logLevel: LogLevel.ERROR });
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'ns-bench-media-'));
  const opened = await openEngine({ workspace, settings: normaliseSettings({ roots: [DEMO_IDS.benchRoot], apiBaseUrl: emu.baseUrl }), token: 'bench', logger: nullLogger, requestsPerSecond: 10_000 });
  try {
    const pages = (await control.state()).pages.filter((p) => p.parentId === DEMO_IDS.benchRoot).map((p) => p.id).slice(0, IMAGES);
    for (const [i, id] of pages.entries()) {
      // 50 KB of noise after the PNG's end (viewers ignore it), so bytes are photo-like, not a few hundred.
      const bytes = Buffer.concat([layersPng(64 + (i % 64), 48 + Math.floor(i / 64)), randomBytes(50 * 1024)]);
      const upload = await notion.fileUploads.create({ filename: `figure-${i}.png`, content_type: 'image/png' });
      await notion.fileUploads.send({ file_upload_id: upload.id, file: { filename: `figure-${i}.png`, data: new Blob([new Uint8Array(bytes)], { type: 'image/png' }) } });
      await notion.blocks.children.append({ block_id: id, children: [{ type: 'image', image: { type: 'file_upload', file_upload: { id: upload.id } } }] });
    }
    await control.advanceClock(5 * 60_000);
    await control.clearFileRequests();
    const t0 = performance.now();
    const first = await opened.engine.pull();
    const firstS = (performance.now() - t0) / 1000;
    const firstFiles = await control.fileRequests();
    // Every page's text edited in Notion: each is read again, its image URL signed anew.
    for (const id of pages) await control.editPage(id, { appendMarkdown: 'Edited in Notion.\n' });
    await control.advanceClock(5 * 60_000);
    await control.clearFileRequests();
    const t1 = performance.now();
    const second = await opened.engine.pull();
    const secondS = (performance.now() - t1) / 1000;
    const secondFiles = await control.fileRequests();
    const bytes = (log: typeof firstFiles) => log.reduce((n, r) => n + r.bytes, 0);
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    const images = opened.store.listMedia().length;
    console.log(`media: ${images} images; first pull ${first.changes.length} files, second ${second.changes.length} files (${first.failed + second.failed} failed)`);
    emit('media', [
      { label: `first pull of ${IMAGES} pages with an image: downloads`, value: `${firstFiles.length} (${kb(bytes(firstFiles))})`, goal: `${IMAGES}`, ratio: firstFiles.length / IMAGES, ok: firstFiles.length === IMAGES && images === IMAGES },
      { label: '  time', value: `${firstS.toFixed(1)} s` },
      { label: '  second pull, every page re-read: downloads', value: `${secondFiles.length} (${kb(bytes(secondFiles))})`, goal: '0', ratio: bytes(secondFiles) / Math.max(1, bytes(firstFiles)), ok: secondFiles.length === 0 },
      { label: '  time', value: `${secondS.toFixed(1)} s`, ratio: secondS / firstS },
      { label: '  files rewritten by the second pull', value: String(second.changes.length), goal: `${IMAGES} (the text edit)`, ok: second.changes.length === IMAGES },
    ]);
  } finally {
    await opened.close();
    await emu.close();
    await rm(workspace, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
