// The pulled files as VS Code's own markdown preview shows them: a demo
// workspace pulled from the emulator by the engine (the same files Sync Now
// writes), opened in code-server, previewed with "Markdown: Open Preview".
// The preview must show what the page shows in Notion: tables as tables, the
// callout as a quote led by its icon, child pages as links to the sibling
// files, images as images, and no raw Notion tag. Screenshots are the evidence.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { DEMO_IDS, startEmulator, type RunningEmulator } from '../../src/emulator/server';
import { openEngine } from '../../src/sync/engine/open';
import { MemoryLogger } from '../../src/sync/logger';
import { normaliseSettings } from '../../src/sync/settings';
import { env, screenshotOnFailure, Workbench } from './workbench';

const HANDBOOK = 'notion/Acme Handbook.md';
const GETTING_STARTED = 'notion/Acme Handbook/Getting Started.md';
const ARCHITECTURE = 'notion/Acme Handbook/Engineering/Architecture.md';

/** The preview's document: the webview's iframe, then the frame that holds the rendered page. */
function previewFrame(wb: Workbench): FrameLocator {
  return wb.page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
}

async function openPreview(wb: Workbench, rel: string): Promise<FrameLocator> {
  // A focused preview (a webview) keeps the keyboard: close the editors first, from the workbench's own tab bar.
  await wb.page.keyboard.press('Escape');
  const tabs = wb.page.locator('.tabs-container .tab');
  if ((await tabs.count()) > 0) {
    await tabs.first().click();
    await wb.runCommand('View: Close All Editors');
    await tabs.first().waitFor({ state: 'detached' });
  }
  // Quick Open lists recently opened files first: wait for the row of this file, not any row.
  await wb.page.keyboard.press('Control+P');
  await wb.typeInQuickInput(rel);
  await wb.quickInput.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(rel) }).first().click();
  await wb.page.locator('.tabs-container .tab.active', { hasText: path.basename(rel) }).waitFor();
  // The preview command is offered once the editor is known to hold markdown (slow on a loaded machine).
  await wb.page.locator('.part.statusbar').getByText('Markdown', { exact: true }).first().waitFor({ timeout: 60_000 });
  await retry(3, () => wb.runCommand('Markdown: Open Preview'), () => wb.page.keyboard.press('Escape'));
  await wb.page.locator('.tabs-container .tab.active', { hasText: `Preview ${path.basename(rel)}` }).waitFor();
  const frame = previewFrame(wb);
  await frame.locator('body.vscode-body h1, body.vscode-body p').first().waitFor({ timeout: 30_000 });
  return frame;
}

async function retry(times: number, attempt: () => Promise<void>, reset: () => Promise<void>): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      if (i >= times) throw e;
      await reset();
    }
  }
}

/** Relative link targets in the preview, resolved against the file's folder. */
async function linkTargets(frame: FrameLocator, fromRel: string, workspace: string): Promise<Array<{ text: string; target: string; exists: boolean }>> {
  const links = await frame.locator('a').evaluateAll((as) => as.map((a) => ({ text: a.textContent ?? '', href: a.getAttribute('data-href') ?? a.getAttribute('href') ?? '' })));
  return links
    .filter((l) => l.href.endsWith('.md'))
    .map((l) => {
      const target = path.join(path.dirname(path.join(workspace, fromRel)), decodeURIComponent(l.href));
      return { text: l.text, target, exists: existsSync(target) };
    });
}

describe("Pulled pages in VS Code's markdown preview", function () {
  this.timeout(180_000);
  let wb: Workbench;
  let emulator: RunningEmulator;
  let workspace: string;

  before(async () => {
    emulator = await startEmulator({ port: 0, seed: 'demo' });
    // A workspace of its own, so the journey specs' workspace is untouched.
    workspace = mkdtempSync(path.join(os.tmpdir(), 'ns-preview-'));
    const settings = normaliseSettings({ roots: [DEMO_IDS.rootPage], apiBaseUrl: emulator.baseUrl });
    const opened = await openEngine({ workspace, settings, token: 'secret_preview', logger: new MemoryLogger() });
    try {
      const report = await opened.engine.pull();
      assert.equal(report.failed, 0);
    } finally {
      await opened.close();
    }
    const url = new URL(env('E2E_URL'));
    url.searchParams.set('folder', workspace);
    wb = await Workbench.open({ url: url.href, prefix: 'preview' });
  });

  after(async () => {
    await wb?.close();
    await emulator?.close();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });
  screenshotOnFailure(() => wb);

  it('shows the handbook: the callout as a quote led by its icon, child pages as links to the sibling files', async () => {
    const frame = await openPreview(wb, HANDBOOK);
    await wb.screenshot('handbook preview');
    const body = await frame.locator('body').innerText();
    assert.doesNotMatch(body, /<\/?(callout|page|database|toggle|mention)\b/, 'no raw Notion tag in the rendered page');
    assert.match(await frame.locator('blockquote').first().innerText(), /💡/);
    assert.equal(await frame.locator('hr').count(), 1, 'the divider is a rule, not a setext heading');
    const links = await linkTargets(frame, HANDBOOK, workspace);
    const names = links.map((l) => l.text);
    assert.ok(names.includes('Getting Started') && names.includes('Engineering'), JSON.stringify(links));
    assert.deepEqual(links.filter((l) => !l.exists), [], 'every child page link leads to a file that exists');
  });

  it('shows Getting Started: the table as a table, the image as an image, the child page as a link', async () => {
    const frame = await openPreview(wb, GETTING_STARTED);
    await wb.screenshot('getting started preview');
    // (The preview shows the frontmatter as a table too; the page's table is the one with its header.)
    const table = frame.locator('table', { hasText: 'Purpose' });
    assert.deepEqual(await table.locator('th').allInnerTexts(), ['Tool', 'Purpose', 'Owner']);
    assert.equal(await table.locator('tbody tr').count(), 2);
    assert.match((await frame.locator('img').first().getAttribute('src')) ?? '', /floor-plan\.png/);
    assert.ok((await frame.locator('h1, h2, h3').count()) >= 4, 'headings render as headings');
    const links = await linkTargets(frame, GETTING_STARTED, workspace);
    assert.ok(links.some((l) => l.text === 'Local Setup' && l.exists), JSON.stringify(links));
    await table.scrollIntoViewIfNeeded();
    await wb.screenshot('getting started table');
  });

  it('shows Architecture: the Notion-hosted diagram from its downloaded copy, loaded and drawn', async () => {
    const frame = await openPreview(wb, ARCHITECTURE);
    const img = frame.locator('img').first();
    await img.waitFor();
    const src = (await img.getAttribute('src')) ?? '';
    assert.doesNotMatch(src, /X-Amz-|\/files\//, `the image is the local copy, not Notion's signed URL: ${src}`);
    await img.scrollIntoViewIfNeeded();
    let width = 0;
    for (let i = 0; i < 50 && width === 0; i++) {
      width = await img.evaluate((el) => ((el as HTMLImageElement).complete ? (el as HTMLImageElement).naturalWidth : 0));
      if (width === 0) await wb.page.waitForTimeout(200);
    }
    await wb.screenshot('architecture preview');
    assert.ok(width > 0, `the diagram did not load (src ${src})`);
  });
});
