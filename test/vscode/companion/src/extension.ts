// Test-only companion: on startup, when asked to (NOTION_SYNC_TEST_RESULTS in
// the extension host's environment, or a `.notion-sync-test/run` marker in the
// workspace), runs the bundled mocha suites inside this extension host against
// the real `vscode` API and the installed Notion Sync extension, then writes a
// results file that test/vscode/run.mjs waits for.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { resolveResultsFile, runSuites, writeResults } from './runner';

export function activate(): void {
  const target = resolveResultsFile();
  // One run per results file: a second window on the same server stays idle.
  if (!target || existsSync(target)) return;
  // Not awaited: activation must return so the rest of the workbench keeps starting.
  void runSuites({ grep: process.env.NOTION_SYNC_TEST_GREP })
    .then((results) => writeResults(target, results))
    .catch((err: unknown) => writeResults(target, { fatal: err instanceof Error ? (err.stack ?? err.message) : String(err), vscodeVersion: vscode.version }));
}

export function deactivate(): void {}
