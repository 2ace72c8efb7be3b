// A person's first sync and first conflict, clicked through in the browser:
// set the token (a wrong one first), add a root from Notion's search, Sync Now
// from the palette, see the documents, edit a file while "someone in Notion"
// (the emulator's control API) edits the same page, Sync Now, see the conflict,
// open the diff, accept Notion's version, and see the conflict go.
// Runs after sidebar.spec.ts (file order) and leaves the window signed out.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EmulatorControl } from '../../src/emulator/controlClient';
import { DEMO_IDS, startEmulator, type RunningEmulator } from '../../src/emulator/server';
import { env, filesBelow, pointWorkspaceAt, Workbench, workspacePath } from './workbench';

const TOKEN = 'secret_e2e_journey_token';
const PAGE_FILE = 'notion/Acme Handbook/Getting Started.md';

async function waitUntil(what: string, probe: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('A first sync and a first conflict, as a person does them', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let emulator: RunningEmulator;
  let control: EmulatorControl;
  let workspace: string;
  let restoreSettings: (() => void) | undefined;

  before(async () => {
    emulator = await startEmulator({ port: 0, seed: 'demo', token: TOKEN });
    control = new EmulatorControl(emulator.baseUrl);
    workspace = env('E2E_WORKSPACE');
    // Point the extension at the emulator, and keep background polls out of the way.
    restoreSettings = pointWorkspaceAt(emulator.baseUrl);
    wb = await Workbench.open({ prefix: 'journey' });
  });

  after(async () => {
    try {
      if (wb) await wb.runCommand('Notion Sync: Sign Out');
      await wb?.page.waitForTimeout(500);
    } finally {
      await wb?.close();
      restoreSettings?.();
      await emulator?.close();
    }
  });

  it('opens the Notion Sync sidebar and is asked for a token', async () => {
    await wb.openViewContainer('Notion Sync');
    await wb.welcomeButton('Documents', 'Set API Token').waitFor();
    await wb.screenshot('welcome asks for a token');
  });

  it('refuses a wrong token with a clear message', async () => {
    await wb.runCommand('Notion Sync: Set API Token');
    await wb.typeInQuickInput('secret_not_the_right_one', { submit: true });
    const toast = await wb.waitForNotification(/did not accept this token/);
    await wb.screenshot('wrong token refused');
    assert.match(await toast.innerText(), /not saved/);
    await wb.dismissNotifications();
    // Still not connected: the welcome keeps asking.
    await wb.welcomeButton('Documents', 'Set API Token').waitFor();
  });

  it('accepts the right token and offers to add a root', async () => {
    await wb.runCommand('Notion Sync: Set API Token');
    await wb.typeInQuickInput(TOKEN, { submit: true });
    await wb.waitForNotification(/connected as/);
    await wb.welcomeButton('Documents', 'Add a Notion Page or Database').waitFor();
    await wb.screenshot('token accepted');
    await wb.dismissNotifications();
  });

  it('adds a root picked from Notion search', async () => {
    await wb.runCommand('Notion Sync: Add Root');
    await wb.quickInput.locator('.quick-input-list .monaco-list-row', { hasText: 'Acme Handbook' }).first().waitFor();
    await wb.screenshot('add root search');
    await wb.pickQuickItem('Acme Handbook');
    await wb.waitForNotification(/Added "Acme Handbook"/);
    const settings = JSON.parse(readFileSync(workspacePath('.vscode/settings.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(settings['notionSync.roots'], [DEMO_IDS.rootPage]);
    await wb.dismissNotifications();
  });

  it('runs Sync Now from the palette and shows the documents in the tree', async () => {
    await wb.runCommand('Notion Sync: Sync Now');
    await wb.waitForNotification(/created/, { timeoutMs: 60_000 });
    await wb.waitForTreeItem('Documents', 'Acme Handbook');
    await wb.waitForTreeItem('Documents', 'Getting Started');
    await wb.screenshot('documents after first sync');
    assert.ok(existsSync(path.join(workspace, PAGE_FILE)), `${PAGE_FILE} is not on disk`);
    await wb.dismissNotifications();
  });

  it('edits a synced file while the same page changes in Notion', async () => {
    await wb.openFile(PAGE_FILE);
    await wb.screenshot('file opened');
    // Click into the text (not just focus the hidden textarea), go to the end, type a line.
    await wb.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await wb.page.keyboard.press('Control+End');
    await wb.page.keyboard.type('\nA local line written in the editor.\n');
    await wb.screenshot('line typed');
    // code-server may auto-save before Ctrl+S; either way the line must reach the disk.
    await wb.save();
    await waitUntil('the saved line on disk', () => readFileSync(path.join(workspace, PAGE_FILE), 'utf8').includes('A local line written in the editor.'));
    await control.editPage(DEMO_IDS.gettingStartedPage, { appendMarkdown: 'A line Ada added in Notion.' });
    // The save shows at once in the tree, before any sync.
    await wb.waitForTreeItem('Documents', 'Getting Started');
    await wb.page.locator('.part.sidebar .monaco-list-row', { hasText: 'modified' }).first().waitFor();
    await wb.screenshot('local edit saved');
  });

  it('runs Sync Now again and sees the conflict appear', async () => {
    await wb.runCommand('Notion Sync: Sync Now');
    await wb.waitForNotification(/conflict/, { timeoutMs: 60_000 });
    await wb.waitForTreeItem('Conflicts', 'Getting Started');
    await wb.screenshot('conflict listed');
  });

  it('opens the diff of the conflict: Notion on the left, the local file on the right', async () => {
    await wb.dismissNotifications();
    await wb.clickTreeItemAction('Conflicts', 'Getting Started', 'Compare with Notion');
    const diff = await wb.waitForDiffEditor();
    await wb.page.locator('.tabs-container .tab.active', { hasText: 'Notion ↔ Local' }).waitFor();
    // Both edits are at the end of the page: scroll there (the sides scroll together).
    await diff.locator('.editor.modified .view-lines').click();
    await wb.page.keyboard.press('Control+End');
    await diff.locator('.editor.original', { hasText: 'A line Ada added in Notion.' }).waitFor();
    await diff.locator('.editor.modified', { hasText: 'A local line written in the editor.' }).waitFor();
    // notionSync.inConflictDiff puts the resolution actions in the editor title bar.
    await wb.page.locator('.editor-actions a.action-label[aria-label^="Accept Notion Version"]').waitFor();
    await wb.screenshot('conflict diff');
  });

  it("accepts Notion's version; the conflict disappears and the local words are backed up", async () => {
    await wb.page.locator('.editor-actions a.action-label[aria-label^="Accept Notion Version"]').click();
    await wb.waitForNotification(/Accepted Notion's version/);
    const conflicts = await wb.expandView('Conflicts');
    await conflicts.locator('.monaco-list-row', { hasText: 'Getting Started' }).waitFor({ state: 'detached' });
    // The file's state in the Documents view follows: synced again.
    await wb.viewPane('Documents').locator('.monaco-list-row', { hasText: 'Getting Started' }).filter({ hasNotText: 'conflict' }).first().waitFor();
    await wb.screenshot('conflict resolved');
    const text = readFileSync(path.join(workspace, PAGE_FILE), 'utf8');
    assert.match(text, /A line Ada added in Notion\./);
    assert.doesNotMatch(text, /A local line written in the editor\./);
    const backups = filesBelow(path.join(workspace, '.notion-sync', 'backups')).filter((f) => f.endsWith('Getting Started.md'));
    assert.ok(backups.some((f) => /A local line written in the editor\./.test(readFileSync(f, 'utf8'))), 'no backup holds the local words');
  });
});
