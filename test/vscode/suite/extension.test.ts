// Runs inside code-server's extension host (see test/vscode/run.mjs): the real
// `vscode` API, the Notion Sync extension installed from out/notion-sync.vsix.
import assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, manifest, notionSync } from './manifest';
import { recordMetric } from './metrics';

describe('Notion Sync in a real VS Code extension host', () => {
  it('is installed with its bundle and the sql.js wasm', async () => {
    const ext = notionSync();
    assert.equal(ext.id, EXTENSION_ID);
    assert.equal(manifest().name, 'notion-sync');
    for (const file of ['dist/extension.js', 'dist/sql-wasm.wasm', 'package.json']) {
      const stat = await vscode.workspace.fs.stat(vscode.Uri.joinPath(ext.extensionUri, file));
      assert.ok(stat.size > 0, `${file} is empty`);
    }
  });

  it('ships only the allow-listed files in its vsix', async function () {
    const ext = notionSync();
    // Under @vscode/test-cli the extension runs from the source tree, not a vsix.
    if (path.basename(ext.extensionPath) !== `${EXTENSION_ID}-${manifest().version}`) this.skip();
    const files: string[] = [];
    const walk = async (dir: vscode.Uri, prefix: string): Promise<void> => {
      for (const [name, type] of await vscode.workspace.fs.readDirectory(dir)) {
        if (type === vscode.FileType.Directory) await walk(vscode.Uri.joinPath(dir, name), `${prefix}${name}/`);
        else files.push(`${prefix}${name}`);
      }
    };
    await walk(ext.extensionUri, '');
    // VS Code adds .vsixmanifest on install; CHANGELOG.md and LICENSE when they exist.
    const allowed = /^(package\.json|readme\.md|changelog\.md|license(\.md|\.txt)?|\.vsixmanifest|dist\/extension\.js|dist\/sql-wasm\.wasm|media\/.+)$/i;
    const extra = files.filter((f) => !allowed.test(f));
    assert.deepEqual(extra, [], `unexpected files in the installed extension: ${extra.join(', ')}`);
  });

  it('activates and exports its API object', async function () {
    const ext = notionSync();
    const wasActive = ext.isActive;
    const started = performance.now();
    const api = await ext.activate();
    const ms = performance.now() - started;
    // onStartupFinished may have activated it before this suite ran; then the
    // harness takes the figure from the extension host log instead.
    if (!wasActive) recordMetric('activationMs', Math.round(ms * 10) / 10);
    recordMetric('activatedBySuite', wasActive ? 'no (already active)' : 'yes');
    assert.ok(ext.isActive);
    assert.equal(typeof api, 'object');
    assert.notEqual(api, null);
    assert.strictEqual(ext.exports, api);
  });

  it('registers every command its manifest declares', async () => {
    await notionSync().activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifest().contributes.commands.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `declared in package.json but not registered: ${missing.join(', ')}`);
  });

  it('contributes the Notion Sync view container with the Documents, Queue and Conflicts views', async () => {
    const m = manifest();
    assert.deepEqual(m.contributes.viewsContainers.activitybar.map((c) => c.id), ['notionSync']);
    const viewIds = m.contributes.views.notionSync.map((v) => v.id);
    assert.deepEqual(viewIds, ['notionSync.documents', 'notionSync.queue', 'notionSync.conflicts']);
    // The workbench registers a focus command per contributed view and an open
    // command per container: proof the contributions were accepted, not just declared.
    const registered = new Set(await vscode.commands.getCommands(false));
    for (const id of ['workbench.view.extension.notionSync', ...viewIds.map((v) => `${v}.focus`)]) {
      assert.ok(registered.has(id), `workbench command ${id} is missing`);
    }
    await vscode.commands.executeCommand('workbench.view.extension.notionSync');
    for (const id of viewIds) await vscode.commands.executeCommand(`${id}.focus`);
  });

  it('offers the "Set API Token" welcome while no token is stored', () => {
    const welcome = manifest().contributes.viewsWelcome ?? [];
    const setToken = welcome.find((w) => w.view === 'notionSync.documents' && w.contents.includes('(command:notionSync.setToken)'));
    assert.ok(setToken, 'no welcome content with a Set API Token link on the Documents view');
    assert.equal(setToken.when, '!notionSync.hasToken');
  });

  it('registers every setting with its default in the configuration service', () => {
    const props = manifest().contributes.configuration.properties;
    const keys = Object.keys(props);
    assert.ok(keys.length >= 5, `only ${keys.length} settings declared`);
    const config = vscode.workspace.getConfiguration();
    for (const key of keys) {
      assert.ok(key.startsWith('notionSync.'), `${key} is outside the notionSync section`);
      const inspected = config.inspect(key);
      assert.ok(inspected, `${key} is unknown to the configuration service`);
      assert.deepEqual(inspected.defaultValue, props[key].default, `default of ${key}`);
      // Nothing set in this fresh profile: the effective value is the default.
      assert.deepEqual(config.get(key), props[key].default, `value of ${key}`);
    }
    assert.equal(vscode.workspace.getConfiguration('notionSync').get('mode'), 'publish');
  });
});
