// Inside a real extension host opened on a .code-workspace of two folders
// (test/vscode/run.mjs makes docs/ and site/; the companion runs this suite only
// there): every folder is synced with its own settings, roots and state, shown
// per folder in the views, with one Notion source control per folder as git has
// one per repository, and one status bar item over both. `docs` names its root
// in its folder settings, `site` in the CLI's notion-sync.json. Real engines,
// real state databases, the Notion emulator over HTTP.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { NotionSyncApi } from '../../../src/extension';
import { DEMO_IDS, startEmulator, type RunningEmulator } from '../../../src/emulator/server';
import type { PullReport } from '../../../src/sync/engine/engine';
import { exec, waitFor } from './helpers';
import { notionSync } from './manifest';

const TOKEN = 'secret_inhost_multiroot_token';

describe('Multi-root workspace: every folder synced on its own', function () {
  this.timeout(120_000);
  let emulator: RunningEmulator;
  let api: NotionSyncApi;
  let docs: vscode.WorkspaceFolder;
  let site: vscode.WorkspaceFolder;
  const engineOf = (f: vscode.WorkspaceFolder) => {
    const e = api.getEngine(f.uri);
    assert.ok(e, `no engine for ${f.name}`);
    return e;
  };
  const abs = (f: vscode.WorkspaceFolder, rel: string) => path.join(f.uri.fsPath, ...rel.split('/'));

  before(async () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 2, 'this suite runs in a window of two folders');
    [docs, site] = folders;
    emulator = await startEmulator({ port: 0, seed: 'demo', token: TOKEN });
    api = (await notionSync().activate()) as NotionSyncApi;
    const shared = vscode.workspace.getConfiguration('notionSync');
    // Both folders talk to the emulator and never poll (the .code-workspace's settings).
    await shared.update('apiBaseUrl', emulator.baseUrl, vscode.ConfigurationTarget.Workspace);
    await shared.update('pollIntervalSeconds', 0, vscode.ConfigurationTarget.Workspace);
    // docs: its root in its own folder settings; site: in notion-sync.json, with its own target folder.
    await vscode.workspace.getConfiguration('notionSync', docs.uri).update('roots', [DEMO_IDS.engineeringPage], vscode.ConfigurationTarget.WorkspaceFolder);
    writeFileSync(path.join(site.uri.fsPath, 'notion-sync.json'), `${JSON.stringify({ roots: [DEMO_IDS.docsDatabase], folder: 'pages' }, null, 2)}\n`);
    await api.whenReady();
    assert.equal(await exec<boolean>('notionSync.setToken', TOKEN), true);
    await api.whenReady();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await emulator?.close();
    // Left on screen for the harness's screenshot: one Notion provider per folder.
    await vscode.commands.executeCommand('workbench.view.scm');
  });

  it('opens one engine per folder, each with its own roots, settings and state database', async () => {
    await waitFor('both engines', () => api.getEngine(docs.uri) && api.getEngine(site.uri), 30_000);
    assert.deepEqual(engineOf(docs).settings.roots, [DEMO_IDS.engineeringPage]);
    assert.equal(engineOf(docs).settings.folder, 'notion');
    assert.deepEqual(engineOf(site).settings.roots, [DEMO_IDS.docsDatabase]);
    assert.equal(engineOf(site).settings.folder, 'pages', 'notion-sync.json fills what VS Code leaves at its default');
    const [a, b] = api.getFolders();
    assert.deepEqual([a.name, b.name, a.open, b.open], ['docs', 'site', true, true]);
    assert.ok(a.storagePath && b.storagePath && a.storagePath !== b.storagePath, 'two state databases');
  });

  it('Sync Now syncs both folders into their own target folders and reports them together', async () => {
    const report = await exec<PullReport>('notionSync.syncNow');
    assert.equal(report.failed, 0);
    assert.ok(report.changes.some((c) => c.path.startsWith('docs/notion/')), JSON.stringify(report.changes.map((c) => c.path)));
    assert.ok(report.changes.some((c) => c.path.startsWith('site/pages/')), JSON.stringify(report.changes.map((c) => c.path)));
    for (const [f, e] of [[docs, engineOf(docs)], [site, engineOf(site)]] as const) {
      const maps = e.read.maps().filter((m) => m.notionType === 'page');
      assert.ok(maps.length > 0, `${f.name} has pages`);
      for (const m of maps) assert.ok(existsSync(abs(f, m.path)), `${f.name}/${m.path} was written`);
    }
    for (const f of api.getFolders()) assert.ok(f.storagePath && existsSync(path.join(f.storagePath, 'state.sqlite')), `${f.name} flushed its own state`);
    assert.equal(engineOf(docs).read.mapByNotionId(DEMO_IDS.docsDatabase), undefined, 'docs does not sync site’s root');
  });

  it('the Documents view shows each folder with its own roots below it', async () => {
    // The view follows the engines' change events (throttled): wait for both folders' files.
    const labels = await waitFor('both folders’ documents', () => {
      const l = api.getDocumentLabels();
      return l.includes('Engineering') && l.lastIndexOf('Docs') > l.indexOf('site') ? l : undefined;
    });
    assert.ok(labels.indexOf('docs') === 0, labels.join(', '));
    assert.ok(labels.includes('site'));
    assert.ok(labels.indexOf('Engineering') > 0 && labels.indexOf('Engineering') < labels.indexOf('site'), 'Engineering is below docs');
    assert.ok(labels.lastIndexOf('Docs') > labels.indexOf('site'), `the Docs database is below site: ${labels.join(', ')}`);
  });

  it('gives each folder its own Notion source control; an edit in one folder shows only there, with its gutter base', async () => {
    const controls = api.getSourceControls();
    assert.deepEqual(controls.map((c) => c.rootUri?.fsPath), [docs.uri.fsPath, site.uri.fsPath]);
    const page = engineOf(site).read.maps().find((m) => m.notionType === 'page');
    assert.ok(page);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(abs(site, page.path)));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, doc.positionAt(doc.getText().length), '\nEdited in the site folder.\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save());
    await waitFor('the local change in site', () => api.getScmEntries(site.uri).some((e) => e.path === page.path && e.group === 'local'));
    assert.deepEqual(api.getScmEntries(docs.uri), [], 'nothing changed in docs');
    const original = api.getQuickDiffOriginal(doc.uri);
    assert.ok(original);
    assert.equal((await vscode.workspace.openTextDocument(original)).getText(), engineOf(site).read.base(page.localId)?.content);
  });

  it('Discard Local Changes works in the folder of the file, backing up there', async () => {
    const page = engineOf(site).read.maps().find((m) => m.notionType === 'page');
    assert.ok(page);
    const [done] = await exec<{ path: string; backup: string }[]>('notionSync.discardLocalChanges', vscode.Uri.file(abs(site, page.path)));
    assert.equal(done.path, page.path);
    assert.match(readFileSync(abs(site, done.backup), 'utf8'), /Edited in the site folder\./);
    assert.doesNotMatch(readFileSync(abs(site, page.path), 'utf8'), /Edited in the site folder\./);
    await waitFor('a clean site', () => api.getScmEntries(site.uri).length === 0);
  });

  it('one status bar item over both folders', async () => {
    const status = api.getStatus();
    assert.ok(status);
    const pages = (f: vscode.WorkspaceFolder) => engineOf(f).read.maps().filter((m) => m.notionType === 'page' && m.state !== 'trashed').length;
    assert.equal(status.documents.synced + status.documents.modified, pages(docs) + pages(site));
    await waitFor('the status bar to say synced', () => /Notion: synced/.test(api.getStatusBarText()));
  });
});
