// Composition root: activate() builds the engine and the VS Code adapters, once.
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): { ready: boolean } {
  const log = vscode.window.createOutputChannel('Notion Sync', { log: true });
  context.subscriptions.push(log);
  log.info('Notion Sync activated');
  return { ready: true };
}

export function deactivate(): void {}
