// Helpers the in-host suites share: wait for a condition, run a command.
import assert from 'node:assert/strict';
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
      const map = engine().store.getMapByNotionId(notionId);
      assert.ok(map, `no mapping for ${notionId}`);
      return map.path;
    },
  };
}
