// The Notion source-control view, clicked through as a person does: a local
// edit appears under Local Changes with a gutter mark, Discard Local Changes
// brings Notion's text back and offers the backup, and a conflict is merged in a
// working copy with VS Code's "Accept Both Changes", then Complete Merge.
// Leaves the window signed out with no synced files (sidebar/sync-journey specs follow).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EmulatorControl } from '../../src/emulator/controlClient';
import { DEMO_IDS, startEmulator, type RunningEmulator } from '../../src/emulator/server';
import { env, filesBelow, pointWorkspaceAt, readOutputLog, screenshotOnFailure, Workbench, workspacePath, writeWorkspaceSettings } from './workbench';

const TOKEN = 'secret_e2e_scm_token';
const EDITED = 'notion/Acme Handbook/Getting Started.md';
const CONFLICTED = 'notion/Acme Handbook/Getting Started/Local Setup.md';
const LINE = 'Install Node 20 and clone the repository:';

describe('The Notion source-control view, as a person uses it', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let emulator: RunningEmulator;
  let control: EmulatorControl;
  let restoreSettings: (() => void) | undefined;
  const read = (rel: string) => readFileSync(workspacePath(rel), 'utf8');
  const scmRow = (name: string) => wb.page.locator('.scm-view .monaco-list-row', { hasText: name }).first();

  before(async () => {
    emulator = await startEmulator({ port: 0, seed: 'demo', token: TOKEN });
    control = new EmulatorControl(emulator.baseUrl);
    restoreSettings = pointWorkspaceAt(emulator.baseUrl);
    wb = await Workbench.open({ prefix: 'scm' });
  });

  after(async () => {
    try {
      if (wb) await wb.runCommand('Notion Sync: Sign Out');
      await wb?.page.waitForTimeout(500);
    } finally {
      await wb?.close();
      restoreSettings?.();
      for (const dir of ['notion', '.notion-sync']) rmSync(workspacePath(dir), { recursive: true, force: true });
      // This workspace's state database: the next spec starts from nothing.
      const storage = path.join(env('E2E_USER_DATA'), 'User', 'workspaceStorage');
      for (const hash of existsSync(storage) ? readdirSync(storage) : []) {
        for (const f of ['state.sqlite', 'state.sqlite.lock']) rmSync(path.join(storage, hash, 'notion-sync.notion-sync', f), { force: true });
      }
      await emulator?.close();
    }
  });
  screenshotOnFailure(() => wb);

  it('connects, syncs the handbook, and opens the Source Control view', async () => {
    await wb.runCommand('Notion Sync: Set API Token');
    await wb.typeInQuickInput(TOKEN, { submit: true });
    await wb.waitForNotification(/connected as/);
    await wb.runCommand('Notion Sync: Add Root');
    await wb.pickQuickItem('Acme Handbook');
    await wb.waitForNotification(/Added "Acme Handbook"/);
    await wb.runCommand('Notion Sync: Sync Now');
    const done = await wb.waitForNotification(/created/, { timeoutMs: 60_000 });
    const summary = await done.innerText();
    // A parent written before its children had files is written again with links to them: "N created, 1 updated".
    const count = (word: string) => Number(new RegExp(`(\\d+) ${word}`).exec(summary)?.[1] ?? 0);
    const written = count('created') + count('updated');
    // The log names every file the sync wrote, one line each, then the summary.
    const lines = readOutputLog('Notion Sync').split('\n').filter((l) => l.includes('[Sync] '));
    const fileLines = lines.filter((l) => /\[Sync\] (create|update|move|trash|restore|merge|keep-local|conflict) /.test(l));
    assert.equal(fileLines.length, written, lines.join('\n'));
    for (const l of fileLines) assert.match(l, /\] \S+ notion\/Acme Handbook(\.md|\/\S)/, l);
    assert.ok(lines.every((l) => fileLines.includes(l) || /\[Sync\] \d+ created/.test(l)), lines.join('\n'));
    await wb.dismissNotifications();
    await wb.openViewContainer('Source Control');
    await wb.page.locator('.scm-view').waitFor();
    await wb.screenshot('source control with nothing changed');
  });

  it('lists a local edit under Local Changes and marks the changed lines in the gutter', async () => {
    await wb.openFile(EDITED);
    await wb.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await wb.page.keyboard.press('Control+End');
    await wb.page.keyboard.type('\nA line only this workspace has.\n');
    await wb.save();
    await waitUntil('the line on disk', () => read(EDITED).includes('A line only this workspace has.'));
    await wb.page.locator('.scm-view .monaco-list-row', { hasText: 'Local Changes' }).first().waitFor();
    await scmRow('Getting Started.md').waitFor();
    // Quick diff against the last pulled Notion version: a gutter mark on the added line.
    await wb.page.locator('.editor-instance .monaco-editor .margin-view-overlays [class*="dirty-diff-"]').first().waitFor();
    await wb.screenshot('local change listed with a gutter mark');
  });

  it("Discard Local Changes restores Notion's text and offers the backup", async () => {
    const row = scmRow('Getting Started.md');
    await row.hover();
    await row.locator('.actions a.action-label[aria-label^="Discard Local Changes"]').click();
    const toast = await wb.waitForNotification(/Discarded local changes to notion\/Acme Handbook\/Getting Started\.md/);
    await toast.getByRole('button', { name: 'Open Backup' }).waitFor();
    await toast.getByRole('button', { name: 'Undo' }).waitFor();
    await wb.screenshot('discarded with undo and backup offered');
    await waitUntil('the edit gone from disk', () => !read(EDITED).includes('A line only this workspace has.'));
    await scmRow('Getting Started.md').waitFor({ state: 'detached' });
    await toast.getByRole('button', { name: 'Open Backup' }).click();
    await wb.page.locator('.tabs-container .tab.active', { hasText: 'Getting Started.md' }).waitFor();
    // The opened editor is the backup (its breadcrumb is under .notion-sync/backups), and the backup on
    // disk holds the discarded line. Scrolling the editor to the line raced its focus under load.
    await wb.page.locator('.breadcrumbs-control', { hasText: 'backups' }).first().waitFor();
    const backups = filesBelow(workspacePath('.notion-sync/backups')).filter((f) => path.basename(f) === 'Getting Started.md');
    assert.ok(
      backups.some((f) => readFileSync(f, 'utf8').includes('A line only this workspace has.')),
      `a backup holds the discarded line (${backups.length} backups of the file)`,
    );
    await wb.screenshot('backup opened');
  });

  it('merges a conflict in a working copy with Accept Both Changes, then Complete Merge', async () => {
    await wb.runCommand('View: Close All Editors');
    // notionSync.mergeEditor off: conflict markers in a working copy, with VS Code's CodeLens.
    writeWorkspaceSettings({ 'notionSync.mergeEditor': false });
    writeFileSync(workspacePath(CONFLICTED), read(CONFLICTED).replace(LINE, 'Mine: install the tools first.'));
    const page = await control.getPage(DEMO_IDS.localSetupPage);
    await control.editPage(DEMO_IDS.localSetupPage, { markdown: page.markdown.replace(LINE, 'Theirs: check the version.') });
    await wb.dismissNotifications();
    await wb.runCommand('Notion Sync: Sync Now');
    // The conflict notice names the file, offers Merge, and stays while the conflict does.
    const notice = await wb.waitForNotification(/1 conflict: Local Setup\.md/, { timeoutMs: 60_000 });
    await notice.getByRole('button', { name: 'Merge' }).or(notice.locator('a', { hasText: 'Merge' })).first().waitFor();
    await wb.screenshot('conflict notice with Merge');
    await wb.page.locator('.scm-view .monaco-list-row', { hasText: 'Conflicts' }).first().waitFor();
    await scmRow('Local Setup.md').click();
    const acceptBoth = wb.page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Accept Both Changes' }).first();
    await acceptBoth.waitFor();
    await wb.screenshot('conflict markers in the merge working copy');
    assert.doesNotMatch(read(CONFLICTED), /<<<<<<<|Theirs/, 'the synced file is untouched while in conflict');
    await acceptBoth.click();
    await wb.page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Accept Both Changes' }).waitFor({ state: 'detached' });
    await wb.screenshot('both changes accepted');
    await wb.page.locator('.editor-actions a.action-label[aria-label^="Complete Merge"]').click();
    await wb.waitForNotification(/Merged notion\/Acme Handbook\/Getting Started\/Local Setup\.md/);
    await scmRow('Local Setup.md').waitFor();
    await wb.page.locator('.scm-view .monaco-list-row', { hasText: 'Conflicts' }).waitFor({ state: 'detached' });
    // The conflict is resolved: its notice closed itself (a plain message would have stayed).
    await wb.notifications.filter({ hasText: '1 conflict: Local Setup.md' }).first().waitFor({ state: 'detached' });
    await wb.screenshot('merge completed');
    assert.match(read(CONFLICTED), /Mine: install the tools first\.\nTheirs: check the version\./);
  });

  it('merges a conflict in VS Code’s three-way merge editor: both sides taken, then Complete Merge', async () => {
    await wb.runCommand('View: Close All Editors');
    writeWorkspaceSettings({ 'notionSync.mergeEditor': true });
    await wb.dismissNotifications();
    writeFileSync(workspacePath(EDITED), read(EDITED).replace('## Checklist', '## Checklist for you'));
    const page = await control.getPage(DEMO_IDS.gettingStartedPage);
    await control.editPage(DEMO_IDS.gettingStartedPage, { markdown: page.markdown.replace('## Checklist', '## Checklist, week one') });
    await wb.runCommand('Notion Sync: Sync Now');
    await wb.waitForNotification(/1 conflict: Getting Started\.md/, { timeoutMs: 60_000 });
    // The row's inline Merge action (a click on the row does the same).
    const row = scmRow('Getting Started.md');
    await row.hover();
    await row.locator('.actions a.action-label[aria-label^="Merge"]').click();
    // Local on the left, Notion on the right, the result (the working copy) below.
    const editor = wb.page.locator('.merge-editor');
    await editor.waitFor();
    await editor.getByText('Local', { exact: true }).first().waitFor();
    await editor.getByText('Notion', { exact: true }).first().waitFor();
    await wb.screenshot('merge editor local and notion over the result');
    await wb.runCommand('Merge Editor: Accept All Incoming Changes from Left');
    await wb.page.locator('.merge-editor .view-lines', { hasText: 'Checklist for you' }).first().waitFor();
    await wb.runCommand('Merge Editor: Accept All Current Changes from Right');
    await wb.page.locator('.merge-editor .view-lines', { hasText: 'week one' }).last().waitFor();
    await wb.screenshot('merge editor both sides taken');
    assert.doesNotMatch(read(EDITED), /week one/, 'the synced file is untouched until Complete Merge');
    await wb.page.locator('.editor-actions a.action-label[aria-label^="Complete Merge"]').first().click();
    await wb.waitForNotification(/Merged notion\/Acme Handbook\/Getting Started\.md/);
    await wb.page.locator('.scm-view .monaco-list-row', { hasText: 'Conflicts' }).waitFor({ state: 'detached' });
    await wb.notifications.filter({ hasText: '1 conflict: Getting Started.md' }).first().waitFor({ state: 'detached' });
    await wb.screenshot('merge editor completed');
    assert.match(read(EDITED), /## Checklist for you(?:[^\n]*week one|\n+## Checklist, week one)/);
  });

  it('shows one notification for one failure', async () => {
    await wb.dismissNotifications();
    // Nothing listens there: every request fails after the gateway's retries.
    writeWorkspaceSettings({ 'notionSync.apiBaseUrl': 'http://127.0.0.1:59999' });
    await wb.page.waitForTimeout(1500);
    await wb.runCommand('Notion Sync: Sync Now');
    const errors = wb.notifications.filter({ has: wb.page.locator('.codicon-error') });
    await errors.first().waitFor({ timeout: 60_000 });
    await wb.page.waitForTimeout(3000);
    await wb.screenshot('one failure one notification');
    assert.equal(await errors.count(), 1, (await wb.readNotifications()).join('\n'));
    assert.match(await errors.first().innerText(), /Sync failed/i);
  });
});

async function waitUntil(what: string, probe: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
