// Inside a real extension host (see test/vscode/run.mjs): Notion Sync's commands
// driven through vscode.commands.executeCommand against the Notion emulator,
// with the real engine, the real state database and the workspace on disk.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { NotionSyncApi } from '../../../src/extension';
import { EmulatorControl } from '../../../src/emulator/controlClient';
import { DEMO_IDS, startEmulator, type RunningEmulator } from '../../../src/emulator/server';
import type { PullReport } from '../../../src/sync/engine/engine';
import { exec, hostAccess, resetWindow, waitFor } from './helpers';
import { notionSync } from './manifest';
import { alignVolatileKeys } from '../../../src/providers/volatileKeys';

const GOOD_TOKEN = 'secret_inhost_good_token';
const SETTINGS = ['apiBaseUrl', 'pollIntervalSeconds', 'roots', 'webhook.port', 'deleteThreshold'];

describe('Notion Sync commands against the Notion emulator', function () {
  this.timeout(90_000);
  let emulator: RunningEmulator;
  let control: EmulatorControl;
  let api: NotionSyncApi;
  let folder: string;
  const config = () => vscode.workspace.getConfiguration('notionSync');
  const { engine, abs, pathOf } = hostAccess(() => ({ api, folder }));

  before(async () => {
    emulator = await startEmulator({ port: 0, seed: 'demo', token: GOOD_TOKEN });
    control = new EmulatorControl(emulator.baseUrl);
    api = (await notionSync().activate()) as NotionSyncApi;
    folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    assert.ok(folder, 'the test window has no workspace folder');
    await config().update('apiBaseUrl', emulator.baseUrl, vscode.ConfigurationTarget.Workspace);
    await config().update('pollIntervalSeconds', 0, vscode.ConfigurationTarget.Workspace);
    await api.whenReady();
  });

  after(async () => {
    rmSync(path.join(folder, 'broken.md'), { force: true });
    await resetWindow(api, folder, SETTINGS);
    await emulator?.close();
  });

  it('starts with nothing configured: no engine, the setup context keys false, the status bar asking for a token', () => {
    assert.equal(api.getEngine(), undefined);
    const keys = api.getContextKeys();
    assert.equal(keys['notionSync.hasToken'], false);
    assert.equal(keys['notionSync.hasRoots'], false);
    assert.match(api.getStatusBarText(), /set token/);
  });

  it('refuses a token Notion rejects and stores nothing', async () => {
    const saved = await exec<boolean>('notionSync.setToken', 'secret_wrong_token');
    assert.equal(saved, false);
    await api.whenReady();
    assert.equal(api.getContextKeys()['notionSync.hasToken'], false);
    assert.equal(api.getEngine(), undefined);
  });

  it('checks a good token with Notion and stores it; without a root the engine stays closed', async () => {
    assert.equal(await exec<boolean>('notionSync.setToken', GOOD_TOKEN), true);
    await api.whenReady();
    assert.equal(api.getContextKeys()['notionSync.hasToken'], true);
    assert.equal(api.getEngine(), undefined);
    await waitFor('the status bar to ask for a root', () => /add a root/.test(api.getStatusBarText()));
  });

  it('adds a root by id: writes notionSync.roots and opens the engine', async () => {
    const root = await exec<{ title: string; kind: string; id: string }>('notionSync.addRoot', DEMO_IDS.rootPage);
    assert.equal(root.title, 'Acme Handbook');
    assert.equal(root.kind, 'page');
    assert.deepEqual(config().get('roots'), [DEMO_IDS.rootPage]);
    await api.whenReady();
    assert.ok(api.getEngine());
    assert.equal(api.getContextKeys()['notionSync.hasRoots'], true);
    // Adding it again changes nothing.
    await exec('notionSync.addRoot', DEMO_IDS.rootPage.replace(/-/g, ''));
    assert.deepEqual(config().get('roots'), [DEMO_IDS.rootPage]);
  });

  it('Sync Now writes the pages as files and lists them in the Documents view', async () => {
    const report = await exec<PullReport>('notionSync.syncNow');
    assert.ok(report, 'Sync Now returned no report (it failed: see the log)');
    assert.ok(report.changes.filter((c) => c.action === 'create').length >= 5, JSON.stringify(report.changes));
    assert.equal(report.failed, 0);
    const gettingStarted = pathOf(DEMO_IDS.gettingStartedPage);
    assert.ok(existsSync(abs(gettingStarted)), `${gettingStarted} was not written`);
    await waitFor('the Documents view to list the pages', () => {
      const labels = api.getDocumentLabels();
      return labels.includes('Acme Handbook') && labels.includes('Getting Started') && labels.includes('Architecture');
    });
    await waitFor('the status bar to say synced', () => /synced/.test(api.getStatusBarText()));
    assert.equal(api.getStatus()?.state, 'idle');
  });

  it('a file edited here and in Notion becomes a conflict; Compare opens our diff; Accept Notion Version resolves it and keeps a backup', async () => {
    const rel = pathOf(DEMO_IDS.gettingStartedPage);
    appendFileSync(abs(rel), '\nA local edit made in the test.\n');
    await control.editPage(DEMO_IDS.gettingStartedPage, { appendMarkdown: 'An edit made in Notion.' });
    const report = await exec<PullReport>('notionSync.syncNow');
    assert.equal(report.conflicts, 1, JSON.stringify(report.changes));
    const [conflict] = engine().read.conflicts();
    assert.equal(conflict.path, rel);
    await waitFor('notionSync.hasConflicts', () => api.getContextKeys()['notionSync.hasConflicts']);

    assert.equal(await exec<boolean>('notionSync.compareWithNotion', rel), true);
    const input = await waitFor('the diff editor', () => {
      const i = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return i instanceof vscode.TabInputTextDiff ? i : undefined;
    });
    assert.equal(input.original.scheme, 'notion-sync-remote');
    assert.equal(input.modified.fsPath, abs(rel));
    const left = await vscode.workspace.openTextDocument(input.original);
    // Notion's words, with the metadata lines Notion maintains taken from the local file: the diff shows real changes only.
    const localText = readFileSync(abs(rel), 'utf8');
    assert.equal(left.getText(), alignVolatileKeys(conflict.remoteContent, localText));
    const edited = (t: string) => /^notion_last_edited: .*$/m.exec(t)?.[0];
    assert.equal(edited(left.getText()), edited(localText));
    assert.match(left.getText(), /An edit made in Notion\./);
    await waitFor('notionSync.inConflictDiff', () => api.getContextKeys()['notionSync.inConflictDiff']);
    const base = await vscode.workspace.openTextDocument(api.conflictUri(rel, conflict.id, 'base'));
    assert.doesNotMatch(base.getText(), /An edit made in Notion|A local edit/);

    // No argument: the command resolves the conflict of the active diff editor.
    const result = await exec<{ path: string; backup: string | null }>('notionSync.acceptNotion');
    assert.equal(result.path, rel);
    assert.ok(result.backup, 'no backup of the local version');
    const backup = path.isAbsolute(result.backup) ? result.backup : path.join(folder, result.backup);
    assert.match(readFileSync(backup, 'utf8'), /A local edit made in the test\./);
    const now = readFileSync(abs(rel), 'utf8');
    assert.match(now, /An edit made in Notion\./);
    assert.doesNotMatch(now, /A local edit/);
    assert.equal(engine().read.conflicts().length, 0);
    assert.equal(engine().read.mapByPath(rel)?.state, 'synced');
    await waitFor('notionSync.hasConflicts to clear', () => !api.getContextKeys()['notionSync.hasConflicts']);
    await waitFor('the diff editor to close', () => !(vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputTextDiff) || undefined);
    assert.equal(api.getContextKeys()['notionSync.inConflictDiff'], false);
  });

  it('Keep Local Version leaves the local words and marks the file modified', async () => {
    const rel = pathOf(DEMO_IDS.localSetupPage);
    appendFileSync(abs(rel), '\nMy own setup notes.\n');
    await control.editPage(DEMO_IDS.localSetupPage, { appendMarkdown: 'Notion-side setup change.' });
    const report = await exec<PullReport>('notionSync.syncNow');
    assert.equal(report.conflicts, 1);
    const result = await exec<{ path: string }>('notionSync.keepLocal', rel);
    assert.equal(result.path, rel);
    assert.match(readFileSync(abs(rel), 'utf8'), /My own setup notes\./);
    assert.equal(engine().read.conflicts().length, 0);
    assert.equal(engine().read.mapByPath(rel)?.state, 'modified');
    // Nothing changed in Notion since: the next sync leaves the file alone.
    const again = await exec<PullReport>('notionSync.syncNow');
    assert.equal(again.conflicts, 0);
    assert.match(readFileSync(abs(rel), 'utf8'), /My own setup notes\./);
  });

  it('reports a file with invalid frontmatter in the Problems panel, and clears it once fixed', async () => {
    const file = path.join(folder, 'broken.md');
    writeFileSync(file, '---\ntitle: [never closed\n---\n\nBody\n');
    await exec('notionSync.refresh');
    const uri = vscode.Uri.file(file);
    const problems = await waitFor('a Problems entry', () => (api.getProblems(uri).length > 0 ? api.getProblems(uri) : undefined));
    assert.equal(problems[0].source, 'Notion Sync');
    writeFileSync(file, '---\ntitle: Fixed\n---\n\nBody\n');
    await exec('notionSync.refresh');
    await waitFor('the Problems entry to clear', () => api.getProblems(uri).length === 0);
  });

  it('a synced file saved with invalid frontmatter: the status, the status bar and the file list agree (modified at once, then an error, then synced)', async () => {
    const rel = pathOf(DEMO_IDS.engineeringPage);
    const uri = vscode.Uri.file(abs(rel));
    const good = readFileSync(abs(rel), 'utf8');
    // What the Documents view and the badges show, file by file (the status model).
    const listed = (state: string) => [...engine().read.files().values()].filter((f) => f.map.notionType === 'page' && f.state === state).length;
    const saveAs = async (text: string) => {
      const doc = await vscode.workspace.openTextDocument(uri);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
      await vscode.workspace.applyEdit(edit);
      await doc.save();
    };
    await saveAs(`---\ntitle: [never closed\n${good.slice(4)}`);
    await waitFor('the save to show as modified', () => engine().read.fileStatus(rel)?.state === 'modified');
    assert.equal(api.getStatus()?.documents.modified, listed('modified'));
    await exec('notionSync.refresh');
    await waitFor('the scan to make it an error', () => engine().read.fileStatus(rel)?.state === 'error');
    assert.equal(api.getStatus()?.documents.error, 1);
    assert.equal(listed('error'), 1);
    await waitFor('the status bar to say so', () => /1 file with errors/.test(api.getStatusBarText()));
    await saveAs(good);
    await exec('notionSync.refresh');
    await waitFor('the file to be synced again', () => engine().read.fileStatus(rel)?.state === 'synced');
    assert.equal(api.getStatus()?.documents.error, 0);
    await waitFor('the status bar to drop the error', () => !/with errors/.test(api.getStatusBarText()));
    await exec('workbench.action.closeActiveEditor');
  });

  it('lists a failing operation in the queue, retries it on request and removes it; the failure notice closes with it', async () => {
    const e = engine();
    // An id Notion would refuse: the operation fails and waits for its retry.
    e.enqueueRefresh('not-a-notion-id');
    const report = await exec<PullReport>('notionSync.syncNow');
    assert.equal(report.failed, 1);
    const [failed] = e.read.queue({ status: ['error', 'dead'] });
    assert.ok(failed, 'the operation did not fail');
    assert.match(api.getFailureNotice() ?? '', /^1 operation failed: .*not-a-notion-id\. \[Show Queue\]/);
    assert.equal(api.getStatus()?.state, 'error');
    await waitFor('the status bar to show the failure', () => /failed/.test(api.getStatusBarText()));
    assert.equal(await exec<boolean>('notionSync.retryOperation', failed.id), true);
    assert.ok(['pending', 'processing', 'error', 'dead'].includes(e.read.operation(failed.id)?.status ?? ''));
    await waitFor('the retry to run', () => ['error', 'dead'].includes(e.read.operation(failed.id)?.status ?? '') && !e.busy);
    assert.ok(api.getFailureNotice(), 'still failing after a retry that failed: the notice stays');
    assert.equal(await exec<boolean>('notionSync.removeOperation', failed.id), true);
    assert.equal(e.read.operation(failed.id), undefined);
    await waitFor('the failure notice to close', () => api.getFailureNotice() === undefined);
    assert.ok((await exec<number>('notionSync.clearProcessed')) >= 1);
    assert.equal(e.read.queueCounts().done, 0);
  });

  it('unlinks a file (it stays on disk), links it back to its page, and pulls one page on request', async () => {
    const rel = pathOf(DEMO_IDS.architecturePage);
    const before = readFileSync(abs(rel), 'utf8');
    assert.equal(await exec<boolean>('notionSync.unlinkFile', vscode.Uri.file(abs(rel))), true);
    assert.equal(engine().read.mapByPath(rel), undefined);
    assert.equal(readFileSync(abs(rel), 'utf8'), before);
    await waitFor('the Documents view to drop it', () => !api.getDocumentLabels().includes('Architecture'));

    assert.equal(await exec<boolean>('notionSync.linkFile', vscode.Uri.file(abs(rel)), DEMO_IDS.architecturePage), true);
    const linked = engine().read.mapByPath(rel);
    assert.equal(linked?.notionId, DEMO_IDS.architecturePage);
    assert.equal(linked?.state, 'synced', 'the same content on both sides is in sync, not a conflict');
    await waitFor('the Documents view to list it again', () => api.getDocumentLabels().includes('Architecture'));

    await control.editPage(DEMO_IDS.architecturePage, { appendMarkdown: 'Pulled on request.' });
    assert.equal(await exec<boolean>('notionSync.pullDocument', rel), true);
    assert.match(readFileSync(abs(rel), 'utf8'), /Pulled on request\./);
  });

  it('starts the webhook receiver, copies its URL, stores the verification token Notion sends, and stops', async () => {
    await config().update('webhook.port', 0, vscode.ConfigurationTarget.Workspace);
    await api.whenReady();
    const url = await exec<string>('notionSync.startWebhook');
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/api\/v0\/notion\/webhook$/);
    assert.equal(api.getWebhookUrl(), url);
    await waitFor('notionSync.webhookRunning', () => api.getContextKeys()['notionSync.webhookRunning']);
    const before = await exec<{ url: string; verificationToken?: string }>('notionSync.copyWebhookInfo');
    assert.equal(before.url, url);
    assert.equal(before.verificationToken, undefined);
    const sub = await control.addWebhook({ url });
    const after = await waitFor('the verification token', async () => {
      const info = await exec<{ verificationToken?: string }>('notionSync.copyWebhookInfo');
      return info.verificationToken ? info : undefined;
    });
    assert.equal(after.verificationToken, sub.verificationToken);
    await control.removeWebhook(sub.id);
    await exec('notionSync.stopWebhook');
    assert.equal(api.getWebhookUrl(), undefined);
    assert.equal(api.getContextKeys()['notionSync.webhookRunning'], false);
  });

  it('Remove Root and Sign Out close the engine and flip the context keys back', async () => {
    assert.equal(await exec<boolean>('notionSync.removeRoot', DEMO_IDS.rootPage), true);
    await api.whenReady();
    assert.deepEqual(config().get('roots'), []);
    assert.equal(api.getEngine(), undefined);
    assert.equal(api.getContextKeys()['notionSync.hasRoots'], false);
    await exec('notionSync.signOut');
    await api.whenReady();
    assert.equal(api.getContextKeys()['notionSync.hasToken'], false);
  });
});
