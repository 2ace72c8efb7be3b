// Inside a real extension host: the extension and the CLI agree on roots. The
// roots `notion-sync pull --root X` remembers in the folder's notion-sync.json
// (written here by the CLI's own code, src/sync/workspaceRoots.ts) are synced by
// the extension without any setting; Add Root and Remove Root edit that file when
// it exists, so the CLI sees what the extension changed. Real engine, the
// Notion emulator over HTTP. Leaves the window as it found it.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { NotionSyncApi } from '../../../src/extension';
import { DEMO_IDS, startEmulator, type RunningEmulator } from '../../../src/emulator/server';
import type { PullReport } from '../../../src/sync/engine/engine';
import { listRememberedRoots, rememberRoots } from '../../../src/sync/workspaceRoots';
import { exec, resetWindow, waitFor } from './helpers';
import { notionSync } from './manifest';

const TOKEN = 'secret_inhost_roots_token';
const SETTINGS = ['apiBaseUrl', 'pollIntervalSeconds', 'roots'];

describe('Roots remembered by the CLI in notion-sync.json', function () {
  this.timeout(90_000);
  let emulator: RunningEmulator;
  let api: NotionSyncApi;
  let folder: string;
  const config = () => vscode.workspace.getConfiguration('notionSync');
  const file = () => path.join(folder, 'notion-sync.json');

  before(async () => {
    emulator = await startEmulator({ port: 0, seed: 'demo', token: TOKEN });
    api = (await notionSync().activate()) as NotionSyncApi;
    folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    await config().update('apiBaseUrl', emulator.baseUrl, vscode.ConfigurationTarget.Workspace);
    await config().update('pollIntervalSeconds', 0, vscode.ConfigurationTarget.Workspace);
    assert.equal(await exec<boolean>('notionSync.setToken', TOKEN), true);
    await api.whenReady();
    assert.equal(api.getEngine(), undefined, 'no root yet: no engine');
  });

  after(async () => {
    rmSync(file(), { force: true });
    await resetWindow(api, folder, SETTINGS);
    await emulator?.close();
  });

  it('syncs a root the CLI remembered, with no notionSync.roots setting', async () => {
    await rememberRoots(folder, [DEMO_IDS.rootPage]);
    const engine = await waitFor('the engine to open on the remembered root', () => api.getEngine(), 20_000);
    assert.deepEqual(engine.settings.roots, [DEMO_IDS.rootPage]);
    assert.deepEqual(config().get('roots'), [], 'nothing was copied into the settings');
    assert.equal(api.getContextKeys()['notionSync.hasRoots'], true);
    const report = await exec<PullReport>('notionSync.syncNow');
    assert.equal(report.failed, 0);
    const root = engine.read.mapByNotionId(DEMO_IDS.rootPage);
    assert.ok(root && existsSync(path.join(folder, ...root.path.split('/'))), 'the remembered root was pulled into the workspace');
  });

  it('Add Root records the new root in notion-sync.json, where the CLI reads it', async () => {
    await exec('notionSync.addRoot', DEMO_IDS.tasksDatabase);
    assert.deepEqual(await listRememberedRoots(folder), [DEMO_IDS.rootPage, DEMO_IDS.tasksDatabase]);
    assert.deepEqual(config().get('roots'), [], 'the file holds it, not the settings');
    await waitFor('the engine to take the new root', () => api.getEngine()?.settings.roots.length === 2);
  });

  it('Remove Root forgets the root in notion-sync.json too, so it does not come back', async () => {
    assert.equal(await exec<boolean>('notionSync.removeRoot', DEMO_IDS.tasksDatabase), true);
    assert.deepEqual(await listRememberedRoots(folder), [DEMO_IDS.rootPage]);
    assert.deepEqual(api.getEngine()?.settings.roots, [DEMO_IDS.rootPage]);
    assert.match(readFileSync(file(), 'utf8'), new RegExp(DEMO_IDS.rootPage));
  });

  it('a root in both lists counts once; deleting the file leaves the settings’ roots', async () => {
    await config().update('roots', [DEMO_IDS.rootPage.replace(/-/g, '')], vscode.ConfigurationTarget.Workspace);
    await api.whenReady();
    assert.equal(api.getEngine()?.settings.roots.length, 1);
    rmSync(file());
    await waitFor('the engine to follow the deleted file', () => api.getEngine()?.settings.roots.length === 1 && !existsSync(file()));
    assert.equal(api.getContextKeys()['notionSync.hasRoots'], true);
  });

  it('a broken notion-sync.json is reported by name and the engine stays closed rather than guessing', async () => {
    await config().update('roots', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.fs.writeFile(vscode.Uri.file(file()), Buffer.from('{"roots": ['));
    await waitFor('the engine to close', () => api.getEngine() === undefined, 20_000);
    await waitFor('the status bar to show the settings error', () => /\$\(error\) Notion/.test(api.getStatusBarText()));
    assert.equal(await exec('notionSync.syncNow'), undefined, 'nothing runs on a guess');
  });
});
