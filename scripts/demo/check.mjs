#!/usr/bin/env node
// Looks at a running `npm start` demo the way a person would: opens its URL in
// headless Chromium, waits for the workbench, opens the Notion Sync sidebar,
// waits for the first sync, and saves screenshots to .test-output/demo/.
//
//   node scripts/demo/check.mjs http://127.0.0.1:8080/?folder=/abs/demo-workspace [--wait-ms N]
//
// Exit 0 when the workbench loaded and the Notion Sync view container exists;
// prints what the Documents view and the workspace folder hold either way.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, launchChromium, sleep } from '../code-server.mjs';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'wait-ms': { type: 'string', default: '60000' } } });
const url = positionals[0];
if (!url) {
  process.stderr.write('usage: node scripts/demo/check.mjs <demo URL> [--wait-ms N]\n');
  process.exit(2);
}
const waitMs = Number(values['wait-ms']);
const outDir = path.join(ROOT, '.test-output/demo');
mkdirSync(outDir, { recursive: true });
const folder = new URL(url).searchParams.get('folder');
const t0 = Date.now();
const log = (s) => process.stdout.write(`[check] ${((Date.now() - t0) / 1000).toFixed(1)}s ${s}\n`);

const browser = await launchChromium();
let code = 1;
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  log('workbench loaded');
  await page.screenshot({ path: path.join(outDir, 'workbench.png') });

  const icon = page.locator('.activitybar .action-item a[aria-label^="Notion Sync"]').first();
  await icon.waitFor({ timeout: 30_000 });
  await icon.click();
  log('Notion Sync sidebar opened');
  code = 0;

  // Wait for the pulled files to show up in the workspace (the extension's first sync).
  const deadline = Date.now() + waitMs;
  let files = 0;
  while (Date.now() < deadline) {
    files = folder && existsSync(path.join(folder, 'notion')) ? countMd(path.join(folder, 'notion')) : 0;
    if (files > 0) break;
    await sleep(1000);
  }
  log(files ? `${files} markdown file(s) synced into ${folder}/notion` : `no files synced into ${folder}/notion within ${waitMs} ms`);
  await sleep(2000); // let the tree views render the result
  const rows = await page.locator('.pane:has(.pane-header[aria-label^="Documents"]) .monaco-list-row').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  log(`Documents view rows: ${JSON.stringify(rows.slice(0, 10))}`);
  const shot = path.join(outDir, 'screenshot.png');
  await page.screenshot({ path: shot });
  log(`screenshot: ${path.relative(ROOT, shot)}`);
} catch (e) {
  log(`failed: ${e.message}`);
} finally {
  await browser.close();
}
process.exit(code);

function countMd(dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) n += countMd(path.join(dir, e.name));
    else if (e.name.endsWith('.md')) n++;
  }
  return n;
}
