#!/usr/bin/env node
// Looks at a running `npm start` demo the way a person would: opens its URL in
// headless Chromium, waits for the workbench, opens the Notion Sync sidebar,
// waits for the first sync, and saves screenshots to .test-output/demo/.
//
//   node scripts/demo/check.mjs http://127.0.0.1:8080/?folder=/abs/demo-workspace [--wait-ms N] [--conflict EMULATOR_URL]
//
// With --conflict it then walks the README's conflict recipe: a local edit to
// Getting Started.md, an edit of the same page through the emulator's control
// API, Sync Now, Compare with Notion (diff screenshot), Accept Notion Version.
// Exit 0 when every step it was asked for happened; it prints what it saw.
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, launchChromium, sleep } from '../code-server.mjs';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'wait-ms': { type: 'string', default: '60000' }, conflict: { type: 'string' } } });
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
  if (!files) code = 1;
  if (values.conflict && files) code = await conflictFlow(page, values.conflict);
} catch (e) {
  log(`failed: ${e.message}`);
} finally {
  await browser.close();
}
process.exit(code);

/** The README's conflict recipe, step by step; resolves the exit code. */
async function conflictFlow(page, emulator) {
  const rel = 'notion/Acme Handbook/Getting Started.md';
  const file = path.join(folder, rel);
  const statusBar = page.locator('.part.statusbar');
  // Let the first sync finish (the status bar stops saying "syncing").
  for (let i = 0; i < 120 && /syncing/i.test(await statusBar.innerText()); i++) await sleep(1000);
  log(`first sync done; status bar: ${JSON.stringify((await statusBar.innerText()).replace(/\s+/g, ' '))}`);

  appendFileSync(file, '\nA local edit made in the demo.\n');
  const state = await (await fetch(`${emulator}/__control/state`)).json();
  const res = await fetch(`${emulator}/__control/pages/${state.ids.gettingStartedPage}`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ appendMarkdown: 'Meanwhile, someone edited this page in Notion.' }),
  });
  log(`local edit saved; emulator PATCH ${res.status}`);

  await runCommand(page, 'Notion Sync: Sync Now');
  const conflicts = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header h3.title', { hasText: /^\s*Conflicts\s*$/ }) });
  const row = conflicts.locator('.monaco-list-row', { hasText: 'Getting Started' }).first();
  try {
    await row.waitFor({ timeout: 60_000 });
  } catch {
    log('no conflict row for Getting Started within 60 s');
    await page.screenshot({ path: path.join(outDir, 'conflict-missing.png') });
    return 1;
  }
  log(`Conflicts view: ${JSON.stringify(await row.getAttribute('aria-label'))}`);
  await page.screenshot({ path: path.join(outDir, 'conflict.png') });
  await row.hover();
  await row.locator('.actions a.action-label[aria-label^="Compare with Notion"]').click();
  await page.locator('.monaco-diff-editor').first().waitFor({ timeout: 20_000 });
  await sleep(1500);
  await page.screenshot({ path: path.join(outDir, 'conflict-diff.png') });
  log('diff editor open: .test-output/demo/conflict-diff.png');

  await runCommand(page, 'Notion Sync: Accept Notion Version');
  for (let i = 0; i < 30 && (await row.count()) > 0; i++) await sleep(1000);
  const text = readFileSync(file, 'utf8');
  const resolved = (await row.count()) === 0 && text.includes('someone edited this page in Notion') && !text.includes('A local edit made in the demo');
  await page.screenshot({ path: path.join(outDir, 'conflict-resolved.png') });
  log(resolved ? 'conflict resolved: the file holds the Notion version' : `conflict NOT resolved (row shown: ${await row.count()}); file:\n${text}`);
  return resolved ? 0 : 1;
}

async function runCommand(page, title) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor();
  await row.click();
}

function countMd(dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) n += countMd(path.join(dir, e.name));
    else if (e.name.endsWith('.md')) n++;
  }
  return n;
}
