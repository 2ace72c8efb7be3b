// Inside a real extension host: the Notion source-control provider (groups,
// quick diff), Discard Local Changes with its backup and Undo, Push to Notion,
// Pull This on a modified file, and a conflict merged through a working copy
// with VS Code's own merge-conflict commands (Accept Both). Real engine, real
// state database, the Notion emulator over HTTP. Leaves the window as it found it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { NotionSyncApi } from '../../../src/extension';
import type { ScmEntry } from '../../../src/providers/scmEntries';
import { EmulatorControl } from '../../../src/emulator/controlClient';
import { DEMO_IDS, startEmulator, type RunningEmulator } from '../../../src/emulator/server';
import type { PullReport } from '../../../src/sync/engine/engine';
import { exec, hostAccess, resetWindow, waitFor } from './helpers';
import { notionSync } from './manifest';

const TOKEN = 'secret_inhost_scm_token';
const SETTINGS = ['apiBaseUrl', 'pollIntervalSeconds', 'roots', 'mode', 'mergeEditor'];

describe('Notion source control: groups, quick diff, discard, push, merge', function () {
  this.timeout(90_000);
  let emulator: RunningEmulator;
  let control: EmulatorControl;
  let api: NotionSyncApi;
  let folder: string;
  const config = () => vscode.workspace.getConfiguration('notionSync');
  const { engine, abs, pathOf } = hostAccess(() => ({ api, folder }));
  const entry = (rel: string): ScmEntry | undefined => api.getScmEntries().find((e) => e.path === rel);

  /** Appends a line through the editor and saves, as a person does. */
  async function editAndSave(rel: string, line: string): Promise<vscode.TextDocument> {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(abs(rel)));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, doc.positionAt(doc.getText().length), `\n${line}\n`);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save());
    return doc;
  }

  /** Replaces text through the editor and saves. */
  async function replaceAndSave(rel: string, from: string, to: string): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(abs(rel)));
    const at = doc.getText().indexOf(from);
    assert.ok(at >= 0, `"${from}" is not in ${rel}`);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + from.length)), to);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save());
  }

  before(async () => {
    emulator = await startEmulator({ port: 0, seed: 'demo', token: TOKEN });
    control = new EmulatorControl(emulator.baseUrl);
    api = (await notionSync().activate()) as NotionSyncApi;
    folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    await config().update('apiBaseUrl', emulator.baseUrl, vscode.ConfigurationTarget.Workspace);
    await config().update('pollIntervalSeconds', 0, vscode.ConfigurationTarget.Workspace);
    assert.equal(await exec<boolean>('notionSync.setToken', TOKEN), true);
    await exec('notionSync.addRoot', DEMO_IDS.rootPage);
    await api.whenReady();
    const report = await exec<PullReport>('notionSync.syncNow');
    assert.equal(report.failed, 0);
  });

  after(async () => {
    await resetWindow(api, folder, SETTINGS);
    await emulator?.close();
  });

  it('lists a saved local edit under Local Changes and gives the gutter the last pulled Notion version', async () => {
    const rel = pathOf(DEMO_IDS.gettingStartedPage);
    const pulled = readFileSync(abs(rel), 'utf8');
    assert.equal(entry(rel), undefined, 'a synced file is not a change');
    await editAndSave(rel, 'A line written in VS Code.');
    const e = await waitFor('the Local Changes entry', () => (entry(rel)?.group === 'local' ? entry(rel) : undefined));
    assert.equal(e.letter, 'M');
    assert.match(e.tooltip, /modified locally; publish mode keeps it here/);
    const original = api.getQuickDiffOriginal(vscode.Uri.file(abs(rel)));
    assert.ok(original, 'no quick-diff original for a synced file');
    assert.equal(original.scheme, 'notion-sync-remote');
    assert.equal((await vscode.workspace.openTextDocument(original)).getText(), pulled);
    assert.equal(api.getQuickDiffOriginal(vscode.Uri.file(path.join(folder, 'not-synced.md'))), undefined);
  });

  it('Pull This on the modified file keeps the local text (and says so)', async () => {
    const rel = pathOf(DEMO_IDS.gettingStartedPage);
    assert.equal(await exec<boolean>('notionSync.pullDocument', rel), true);
    assert.match(readFileSync(abs(rel), 'utf8'), /A line written in VS Code\./);
    assert.equal(entry(rel)?.group, 'local');
  });

  it('Discard Local Changes restores Notion’s text, keeps the previous text as a backup, and Undo brings it back', async () => {
    const rel = pathOf(DEMO_IDS.gettingStartedPage);
    const base = engine().read.base(engine().read.mapByPath(rel)?.localId ?? '');
    assert.ok(base);
    const [done] = await exec<{ path: string; backup: string }[]>('notionSync.discardLocalChanges', vscode.Uri.file(abs(rel)));
    assert.equal(done.path, rel);
    assert.equal(readFileSync(abs(rel), 'utf8'), base.content);
    assert.match(readFileSync(abs(done.backup), 'utf8'), /A line written in VS Code\./);
    await waitFor('the entry to leave Local Changes', () => entry(rel) === undefined);
    assert.equal(engine().read.mapByPath(rel)?.state, 'synced');

    assert.equal(await exec<boolean>('notionSync.undoDiscard', done), true);
    assert.match(readFileSync(abs(rel), 'utf8'), /A line written in VS Code\./);
    await waitFor('the entry to come back', () => entry(rel)?.group === 'local');
    await exec('notionSync.discardLocalChanges', rel);
    await waitFor('a clean file', () => entry(rel) === undefined);
  });

  it('lists a conflict under Conflicts; Merge writes markers into a working copy only; Accept Both and Complete Merge resolve it', async () => {
    // notionSync.mergeEditor off: the working copy with markers, in a text editor.
    await config().update('mergeEditor', false, vscode.ConfigurationTarget.Workspace);
    const rel = pathOf(DEMO_IDS.localSetupPage);
    // The same line changed on both sides: a real conflict, which no merge can settle alone.
    const line = 'Install Node 20 and clone the repository:';
    await replaceAndSave(rel, line, 'Mine: install the tools first.');
    const notion = await control.getPage(DEMO_IDS.localSetupPage);
    await control.editPage(DEMO_IDS.localSetupPage, { markdown: notion.markdown.replace(line, 'Theirs: check the version.') });
    const report = await exec<PullReport>('notionSync.syncNow');
    assert.equal(report.conflicts, 1, JSON.stringify(report.changes));
    const c = await waitFor('the Conflicts entry', () => (entry(rel)?.group === 'conflicts' ? entry(rel) : undefined));
    // One standing notice names the file and stays while the conflict does.
    assert.match(api.getConflictNotice() ?? '', /^1 conflict: Local Setup\.md\. \[Merge\]/);
    const synced = readFileSync(abs(rel), 'utf8');

    const copy = await exec<{ conflictId: number; file: string }>('notionSync.mergeConflict', c.conflictId);
    assert.equal(copy.conflictId, c.conflictId);
    const marked = readFileSync(copy.file, 'utf8');
    assert.match(marked, /^<<<<<<< local$[\s\S]*Mine: install the tools first\.[\s\S]*^=======$[\s\S]*Theirs: check the version\.[\s\S]*^>>>>>>> notion$/m);
    assert.doesNotMatch(marked, /^[<>=]{7}.*notion_last_edited/m, 'the volatile frontmatter merges without a conflict');
    assert.equal(readFileSync(abs(rel), 'utf8'), synced, 'the synced file is untouched while in conflict');
    assert.equal(await exec('notionSync.completeMerge', vscode.Uri.file(copy.file)), undefined, 'markers left: not completed');
    assert.equal(engine().read.conflicts().length, 1);

    // VS Code's own merge-conflict support on the working copy, as its CodeLens "Accept Both Changes" does.
    await waitFor('the working copy in the editor', () => vscode.window.activeTextEditor?.document.uri.fsPath === copy.file);
    await exec('merge-conflict.accept.all-both');
    await waitFor('the markers to go', () => !/^<<<<<<< /m.test(vscode.window.activeTextEditor?.document.getText() ?? '<<<<<<< '));
    const result = await exec<{ path: string; backup: string | null }>('notionSync.completeMerge');
    assert.equal(result.path, rel);
    const merged = readFileSync(abs(rel), 'utf8');
    assert.match(merged, /Mine: install the tools first\.\nTheirs: check the version\./);
    assert.ok(result.backup && readFileSync(abs(result.backup), 'utf8') === synced, 'the replaced text is kept');
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.fsPath === copy.file);
    assert.deepEqual(tabs.map((t) => t.label), [], 'the working copy is closed');
    assert.deepEqual(vscode.workspace.textDocuments.filter((d) => d.isDirty).map((d) => d.uri.fsPath), [], 'nothing left unsaved');
    assert.equal(engine().read.conflicts().length, 0);
    await waitFor('the conflict notice to close', () => api.getConflictNotice() === undefined);
    await waitFor('the merged file under Local Changes', () => entry(rel)?.group === 'local');
  });

  it('Merge opens VS Code’s three-way merge editor (Local | Notion over their base); both sides accepted and Complete Merge resolve the conflict', async () => {
    await config().update('mergeEditor', undefined, vscode.ConfigurationTarget.Workspace);
    const rel = pathOf(DEMO_IDS.gettingStartedPage);
    await replaceAndSave(rel, '## Checklist', '## Checklist (mine)');
    const notion = await control.getPage(DEMO_IDS.gettingStartedPage);
    await control.editPage(DEMO_IDS.gettingStartedPage, { markdown: notion.markdown.replace('## Checklist', '## Checklist (theirs)') });
    assert.equal((await exec<PullReport>('notionSync.syncNow')).conflicts, 1);
    const c = await waitFor('the Conflicts entry', () => (entry(rel)?.group === 'conflicts' ? entry(rel) : undefined));
    const synced = readFileSync(abs(rel), 'utf8');

    const opened = await exec<{ conflictId: number; file: string; editor: string }>('notionSync.mergeConflict', vscode.Uri.file(abs(rel)));
    assert.equal(opened.editor, 'merge editor');
    assert.equal(opened.conflictId, c.conflictId);
    // The merge editor's tab: base, Local (input1), Notion (input2), and the working copy as its result.
    const input = await waitFor('the merge editor tab', () => {
      const i = vscode.window.tabGroups.activeTabGroup.activeTab?.input as { base?: vscode.Uri; input1?: vscode.Uri; input2?: vscode.Uri; result?: vscode.Uri } | undefined;
      return i?.result ? i : undefined;
    });
    assert.equal(input.result?.fsPath, opened.file);
    assert.equal(input.input1?.fsPath, abs(rel));
    assert.equal(input.input2?.scheme, 'notion-sync-remote');
    assert.match(input.base?.query ?? '', /"side":"base"/);
    assert.equal(readFileSync(abs(rel), 'utf8'), synced, 'the synced file is untouched while in conflict');

    // What a person clicks: take both sides (Local first), then Complete Merge. The result is the
    // merge editor's model of the working copy; once it holds both lines no conflict is left unhandled.
    const result = () => vscode.workspace.textDocuments.find((d) => d.uri.fsPath === opened.file)?.getText() ?? '';
    // Ready once it has replaced the working copy's markers with the base and the changes that merge alone.
    await waitFor('the merge editor’s result model', () => result() !== '' && !/^<<<<<<< /m.test(result()));
    // Take both sides: every change from the left (Local), then from the right (Notion), as the
    // input toolbars' "Accept All" do: Local's line, then Notion's.
    await exec('merge.acceptAllInput1');
    await waitFor('Local’s side in the result', () => result().includes('## Checklist (mine)'));
    await exec('merge.acceptAllInput2');
    await waitFor('both sides in the result', () => /## Checklist \(mine\)(?:[^\n]*\(theirs\)|\n+## Checklist \(theirs\))/.test(result()), 10_000).catch((e: Error) => {
      throw new Error(`${e.message}; the result's checklist lines: ${JSON.stringify(result().split('\n').filter((l) => /Checklist|<<<|>>>|===/.test(l)))}`);
    });
    await exec('notionSync.completeMerge');
    await waitFor('the conflict to resolve', () => engine().read.conflicts().length === 0, 20_000);
    assert.match(readFileSync(abs(rel), 'utf8'), /## Checklist \(mine\)(?:[^\n]*\(theirs\)|\n+## Checklist \(theirs\))/);
    await waitFor('the merge editor to close', () => !vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => (t.input as { result?: unknown } | undefined)?.result));
    await waitFor('the merged file under Local Changes', () => entry(rel)?.group === 'local');
    await exec('notionSync.discardLocalChanges', rel);
  });

  it('Push to Notion sends a local edit in bidirectional mode', async () => {
    await config().update('mode', 'bidirectional', vscode.ConfigurationTarget.Workspace);
    await api.whenReady();
    // Engineering renders fully; a partial page (Architecture's embed, …) is never pushed.
    const rel = pathOf(DEMO_IDS.engineeringPage);
    await editAndSave(rel, 'Pushed from the Source Control view.');
    await waitFor('the Local Changes entry', () => entry(rel)?.group === 'local');
    assert.ok((await exec<number>('notionSync.pushToNotion', rel)) >= 1);
    assert.match((await control.getPage(DEMO_IDS.engineeringPage)).markdown, /Pushed from the Source Control view\./);
    await waitFor('the entry to leave Local Changes', () => entry(rel) === undefined);
  });
});
