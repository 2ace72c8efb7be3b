// Helpers the in-host suites share: wait for a condition, run a command.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { NotionSyncApi } from '../../../src/extension';

export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function exec<T>(command: string, ...args: unknown[]): Promise<T> {
  return Promise.resolve(vscode.commands.executeCommand<T>(command, ...args));
}

type OpenEngine = NonNullable<ReturnType<NotionSyncApi['getEngine']>>;

/** The accessors every in-host suite uses, over the API and folder its `before` hook sets. */
export function hostAccess(get: () => { api: NotionSyncApi; folder: string }): {
  engine: () => OpenEngine;
  abs: (rel: string) => string;
  pathOf: (notionId: string) => string;
} {
  const engine = (): OpenEngine => {
    const e = get().api.getEngine();
    assert.ok(e, 'the engine is not open');
    return e;
  };
  return {
    engine,
    abs: (rel) => path.join(get().folder, ...rel.split('/')),
    pathOf: (notionId) => {
      const map = engine().read.mapByNotionId(notionId);
      assert.ok(map, `no mapping for ${notionId}`);
      return map.path;
    },
  };
}

/**
 * Leaves the window as a new user finds it (the next suite and the e2e specs run in it):
 * no editor (unsaved ones reverted, so no "Save?" dialog waits), no token, the settings
 * back to their defaults, no state database, no pulled files.
 */
export async function resetWindow(api: NotionSyncApi | undefined, folder: string, settings: readonly string[]): Promise<void> {
  // A merge editor's result is such a document too: reverted, the merge editor closes without asking.
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await exec('notionSync.signOut');
  const config = vscode.workspace.getConfiguration('notionSync');
  for (const key of settings) await config.update(key, undefined, vscode.ConfigurationTarget.Workspace);
  await api?.whenReady();
  if (api?.storagePath) for (const f of ['state.sqlite', 'state.sqlite.lock']) rmSync(path.join(api.storagePath, f), { force: true });
  for (const dir of ['notion', '.notion-sync']) rmSync(path.join(folder, dir), { recursive: true, force: true });
}
