// A person opens VS Code with Notion Sync installed: the activity-bar icon, the
// three views, the "Set API Token" welcome, and the commands in the F1 palette.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { screenshotOnFailure, Workbench } from './workbench';

interface PaletteEntry {
  command: string;
  when?: string;
}
interface ManifestCommands {
  contributes: { commands: { command: string; title: string; category?: string }[]; menus: { commandPalette: PaletteEntry[] } };
}
const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as ManifestCommands;

describe('Notion Sync in the workbench (code-server + Chromium)', function () {
  let wb: Workbench;

  before(async () => {
    wb = await Workbench.open({ prefix: 'sidebar' });
  });
  after(async () => {
    await wb?.close();
  });
  screenshotOnFailure(() => wb);

  it('shows the workbench with the Notion Sync activity-bar icon', async () => {
    await wb.screenshot('workbench loaded');
    const icon = wb.page.locator('.activitybar a.action-label[aria-label^="Notion Sync"]');
    assert.equal(await icon.count(), 1);
  });

  it('opens the Notion Sync sidebar with the Documents, Queue and Conflicts views', async () => {
    // Start from the Explorer so the click below really switches containers
    // (the profile may remember Notion Sync as the last open one).
    await wb.openViewContainer('Explorer');
    await wb.openViewContainer('Notion Sync');
    const tab = wb.page.locator('.activitybar li.action-item', { has: wb.page.locator('a.action-label[aria-label^="Notion Sync"]') });
    assert.equal(await tab.getAttribute('aria-selected'), 'true');
    const headers = await wb.page.locator('.part.sidebar .pane-header h3.title').allTextContents();
    assert.deepEqual(headers.map((h) => h.trim()), ['Documents', 'Queue', 'Conflicts']);
    await wb.screenshot('notion sync views');
  });

  it('offers "Set API Token" in the Documents welcome view while no token is stored', async () => {
    const button = wb.welcomeButton('Documents', 'Set API Token');
    await button.waitFor();
    assert.ok(await button.isVisible());
    const text = await wb.viewPane('Documents').locator('.welcome-view-content').innerText();
    assert.match(text, /integration token/);
    await wb.screenshot('set api token welcome');
  });

  it('lists the Notion Sync commands in the F1 palette, hiding item-only ones', async () => {
    const rows = await wb.paletteRows('Notion Sync: ');
    await wb.screenshot('palette notion sync commands');
    await wb.page.keyboard.press('Escape');
    const titles = new Map(manifest.contributes.commands.map((c) => [c.command, `${c.category}: ${c.title}`]));
    const gated = new Map(manifest.contributes.menus.commandPalette.map((e) => [e.command, e.when]));
    const alwaysShown = [...titles.keys()].filter((id) => !gated.has(id)).map((id) => titles.get(id) as string);
    const hidden = [...gated].filter(([, when]) => when === 'false').map(([id]) => titles.get(id) as string);
    const labels = rows.map((r) => r.split(',')[0].trim());
    for (const title of alwaysShown) assert.ok(labels.includes(title), `palette lacks "${title}"; rows: ${labels.join(' | ')}`);
    for (const title of hidden) assert.ok(!labels.includes(title), `item-only "${title}" shows in the palette`);
    assert.ok(labels.includes('Notion Sync: Show Sync Log'));
  });

  it('runs "Notion Sync: Show Sync Log" from the F1 palette and shows the Notion Sync log', async () => {
    await wb.runCommand('Notion Sync: Show Sync Log');
    const panel = wb.page.locator('.part.panel');
    await panel.waitFor();
    // The output view's channel picker selects "Notion Sync", and the channel's lines show.
    await wb.page.locator('.part.panel .view-lines', { hasText: 'Notion Sync' }).first().waitFor();
    const channel = await wb.page.locator('.part.panel select.monaco-select-box').first().evaluate((el) => (el as HTMLSelectElement).value);
    assert.equal(channel, 'Notion Sync');
    await wb.screenshot('show sync log');
    const errors = (await wb.readNotifications()).filter((n) => /not found|error/i.test(n));
    assert.deepEqual(errors, []);
  });
});
