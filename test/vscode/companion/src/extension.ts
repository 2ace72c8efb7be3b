// Test-only companion: on startup, when asked to (NOTION_SYNC_TEST_RESULTS in
// the extension host's environment, or a `.notion-sync-test/run` marker in the
// workspace), runs the bundled mocha suites inside this extension host against
// the real `vscode` API and the installed Notion Sync extension, then writes a
// results file that test/vscode/run.mjs waits for.
import { existsSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { MULTI_ROOT_SUITE, resolveResultsFile, runSuites, writeResults } from './runner';

export function activate(): void {
  // A multi-root window (a .code-workspace) runs only the multi-root suite, into its own results file;
  // a folder window runs every other suite.
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  const target = resolveResultsFile(multiRoot);
  // One run per results file: a second window on the same server stays idle.
  if (!target || existsSync(target)) return;
  const grep = multiRoot ? { grep: MULTI_ROOT_SUITE } : process.env.NOTION_SYNC_TEST_GREP ? { grep: process.env.NOTION_SYNC_TEST_GREP } : { grep: MULTI_ROOT_SUITE, invert: true };
  // The harness tells "never started" (it reloads the window) from "still running" by this file.
  writeFileSync(`${target}.started`, `${new Date().toISOString()}\n`);
  // Not awaited: activation must return so the rest of the workbench keeps starting.
  void runSuites(grep)
    .then((results) => writeResults(target, results))
    .catch((err: unknown) => writeResults(target, { fatal: err instanceof Error ? (err.stack ?? err.message) : String(err), vscodeVersion: vscode.version }));
}

export function deactivate(): void {}
