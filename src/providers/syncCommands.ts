// Sync Now, Pull, Show Status, Show Sync Log, Refresh, and the queue's commands.
import * as vscode from 'vscode';
import type { PullReport } from '../sync/engine/engine';
import type { SyncStatus } from '../sync/engine/status';
import { operationIdOf } from './commandArgs';
import { registerCommand } from './commandBoundary';
import { COMMANDS, VIEWS } from './constants';
import { withSyncProgress } from './progress';
import { changeLines, summariseReport } from './reportText';
import type { Services } from './services';
import { statusShape } from './statusText';
import { plural } from './time';

export function registerSyncCommands(s: Services): vscode.Disposable[] {
  return [
    registerCommand(s.logger, COMMANDS.syncNow, 'Sync', () => runSync(s, 'sync')),
    registerCommand(s.logger, COMMANDS.pull, 'Pull', () => runSync(s, 'pull')),
    registerCommand(s.logger, COMMANDS.showStatus, 'Show Status', () => showStatus(s)),
    registerCommand(s.logger, COMMANDS.showLog, 'Show Sync Log', () => s.channel.show(true)),
    registerCommand(s.logger, COMMANDS.refresh, 'Refresh', () => refresh(s)),
    registerCommand(s.logger, COMMANDS.retryFailed, 'Retry Failed', () => retryFailed(s)),
    registerCommand(s.logger, COMMANDS.retryOperation, 'Retry', (arg) => retryOperation(s, arg)),
    registerCommand(s.logger, COMMANDS.removeOperation, 'Remove operation', (arg) => removeOperation(s, arg)),
    registerCommand(s.logger, COMMANDS.clearProcessed, 'Clear Processed Queue', () => clearProcessed(s)),
  ];
}

/** Asked before a pull moves more files to the trash than notionSync.deleteThreshold: the one modal. */
async function confirmDeletes(paths: string[]): Promise<boolean> {
  const shown = paths.slice(0, 10).join('\n') + (paths.length > 10 ? `\n… and ${paths.length - 10} more` : '');
  const move = 'Move to Trash';
  const choice = await vscode.window.showWarningMessage(
    `${plural(paths.length, 'file')} were deleted or unshared in Notion. Move them to the trash folder (.notion-sync/trash)?`,
    { modal: true, detail: `${shown}\n\nThey stay recoverable from the trash folder. Cancel keeps them in place for now.` },
    move,
  );
  return choice === move;
}

/** Sync Now (pull + queued operations) or Pull (a full pull: every page is compared). */
async function runSync(s: Services, kind: 'sync' | 'pull'): Promise<PullReport> {
  const engine = s.host.requireEngine();
  const title = kind === 'sync' ? 'Notion Sync: syncing' : 'Notion Sync: pulling everything from Notion';
  const report = await withSyncProgress(s.host, title, (signal, onProgress) =>
    kind === 'sync' ? engine.sync({ signal, onProgress, confirmDeletes }) : engine.pull({ full: true, signal, onProgress, confirmDeletes }),
  );
  s.problems.report(report.index?.diagnostics);
  s.background.noteConflicts(report.conflicts, false);
  const summary = `Notion Sync: ${summariseReport(report)}.`;
  const tag = kind === 'sync' ? 'Sync' : 'Pull';
  for (const line of changeLines(report)) s.logger.info(`[${tag}] ${line}`);
  s.logger.info(`[${tag}] ${summariseReport(report)} (${report.ms} ms)`);
  if (report.conflicts > 0 || report.failed > 0) {
    const actions = [report.conflicts > 0 ? 'Show Conflicts' : undefined, report.failed > 0 ? 'Show Queue' : undefined].filter((a): a is string => !!a);
    void vscode.window.showWarningMessage(summary, ...actions).then((choice) => {
      if (choice === 'Show Conflicts') void vscode.commands.executeCommand(`${VIEWS.conflicts}.focus`);
      if (choice === 'Show Queue') void vscode.commands.executeCommand(`${VIEWS.queue}.focus`);
    });
  } else {
    void vscode.window.showInformationMessage(summary);
  }
  return report;
}

interface StatusPick extends vscode.QuickPickItem {
  run?: () => Thenable<unknown>;
}

/** A quick pick: the state in words, with the next useful actions. Resolves with the status. */
async function showStatus(s: Services): Promise<SyncStatus | undefined> {
  const status = s.host.status();
  const shape = statusShape(status, s.host.setup, Date.now());
  const cmd = (id: string, ...args: unknown[]) => () => vscode.commands.executeCommand(id, ...args);
  const items: StatusPick[] = shape.tooltip
    .split('\n')
    .slice(1, -1)
    .map((line) => ({ label: line }));
  const setup = s.host.setup;
  if (!setup.hasToken) items.push({ label: '$(key) Set API Token', run: cmd(COMMANDS.setToken) });
  else if (!setup.hasRoots) items.push({ label: '$(add) Add Root', run: cmd(COMMANDS.addRoot) });
  if (status) {
    if (status.conflicts > 0) items.push({ label: `$(warning) Resolve ${plural(status.conflicts, 'conflict')}`, run: cmd(`${VIEWS.conflicts}.focus`) });
    if (status.queue.error + status.queue.dead > 0) items.push({ label: '$(debug-restart) Retry Failed', run: cmd(COMMANDS.retryFailed) });
    items.push({ label: '$(sync) Sync Now', run: cmd(COMMANDS.syncNow) });
  }
  items.push({ label: '$(output) Show Sync Log', run: cmd(COMMANDS.showLog) });
  const pick = await vscode.window.showQuickPick(items, { title: `Notion Sync: ${shape.text.replace(/\$\([^)]+\)\s*/g, '')}`, placeHolder: 'Status and actions' });
  if (pick?.run) await pick.run();
  return status;
}

async function refresh(s: Services): Promise<void> {
  s.views.documents.refresh();
  s.views.queue.refresh();
  s.views.conflicts.refresh();
  s.statusBar.update();
  await s.problems.rescan();
}

function retryFailed(s: Services): number {
  const n = s.host.requireEngine().retryAllFailed();
  if (n === 0) {
    void vscode.window.showInformationMessage('Notion Sync: no failed operations to retry.');
    return 0;
  }
  s.background.processSoon(0);
  void vscode.window.showInformationMessage(`Notion Sync: retrying ${plural(n, 'operation')}.`);
  return n;
}

function retryOperation(s: Services, arg: unknown): boolean {
  const id = operationIdOf(arg);
  if (id === undefined) return retryFailed(s) > 0;
  s.host.requireEngine().retryOperation(id);
  s.background.processSoon(0);
  return true;
}

function removeOperation(s: Services, arg: unknown): boolean {
  const id = operationIdOf(arg);
  if (id === undefined) return false;
  s.host.requireEngine().removeOperation(id);
  return true;
}

function clearProcessed(s: Services): number {
  const n = s.host.requireEngine().clearProcessed(0);
  void vscode.window.showInformationMessage(n ? `Notion Sync: cleared ${plural(n, 'processed operation')}.` : 'Notion Sync: no processed operations to clear.');
  return n;
}
