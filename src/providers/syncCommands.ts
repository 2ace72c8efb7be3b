// Sync Now, Pull, Show Status, Show Sync Log, Refresh, and the queue's commands.
import path from 'node:path';
import * as vscode from 'vscode';
import type { PullReport } from '../sync/engine/engine';
import type { SyncStatus } from '../sync/engine/status';
import { operationIdOf } from './commandArgs';
import { registerCommand } from './commandBoundary';
import { COMMANDS, VIEWS } from './constants';
import { withSyncProgress } from './progress';
import { combineReports, changeLines, summariseReport } from './reportText';
import { namedSession, registerFolderCommand, withSession } from './folderArgs';
import type { Services, SharedServices } from './services';
import { statusShape } from './statusText';
import { plural } from './time';

export function registerSyncCommands(shared: SharedServices): vscode.Disposable[] {
  const r = registerCommand.bind(undefined, shared.logger);
  return [
    r(COMMANDS.syncNow, 'Sync', (...args) => inEachFolder(shared, args, (s) => runSync(s, 'sync')).then((reports) => announce(shared, reports))),
    r(COMMANDS.pull, 'Pull', (...args) => inEachFolder(shared, args, (s) => runSync(s, 'pull')).then((reports) => announce(shared, reports))),
    r(COMMANDS.showStatus, 'Show Status', () => showStatus(shared)),
    r(COMMANDS.showLog, 'Show Sync Log', () => shared.channel.show(true)),
    r(COMMANDS.refresh, 'Refresh', () => refresh(shared)),
    r(COMMANDS.retryFailed, 'Retry Failed', (...args) => inEachFolder(shared, args, retryFailed).then(announceRetry)),
    registerFolderCommand(shared, COMMANDS.retryOperation, 'Retry', (s, arg) => retryOperation(s, arg)),
    registerFolderCommand(shared, COMMANDS.removeOperation, 'Remove operation', (s, arg) => removeOperation(s, arg)),
    r(COMMANDS.clearProcessed, 'Clear Processed Queue', (...args) => inEachFolder(shared, args, clearProcessed).then(announceCleared)),
  ];
}

/**
 * Runs `job` in the folder the arguments name (the Source Control view's Pull names its
 * folder), else in every folder whose engine is open, one after another, as git's
 * Sync runs per repository. Without any, the first folder's setup error says what is missing.
 */
async function inEachFolder<T>(shared: SharedServices, args: readonly unknown[], job: (s: Services) => T | Promise<T>): Promise<T[]> {
  const named = namedSession(shared.folders, args);
  const open = named ? [named] : shared.folders.all.filter((f) => f.host.engine);
  if (open.length === 0) {
    withSession(shared, shared.folders.fallback).host.requireEngine();
  }
  const results: T[] = [];
  for (const session of open) results.push(await job(withSession(shared, session)));
  return results;
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

/** A folder's report; `folder` is where its paths are (absent for several folders together). */
type FolderReport = PullReport & { folder?: string };

/** Sync Now (pull + queued operations) or Pull (a full pull: every page is compared). */
async function runSync(s: Services, kind: 'sync' | 'pull'): Promise<FolderReport> {
  const engine = s.host.requireEngine();
  const where = s.folders.multiRoot ? ` ${path.basename(s.host.workspaceFolder ?? '')}` : '';
  const title = kind === 'sync' ? `Notion Sync: syncing${where}` : `Notion Sync: pulling everything from Notion into${where || ' this workspace'}`;
  const report = await withSyncProgress(s.host, title, (signal, onProgress) =>
    kind === 'sync' ? engine.sync({ signal, onProgress, confirmDeletes }) : engine.pull({ full: true, signal, onProgress, confirmDeletes }),
  );
  s.problems.report(report.index?.diagnostics);
  s.background.noteConflicts(report.conflicts, false);
  s.background.noteDeletions(report);
  const tag = kind === 'sync' ? 'Sync' : 'Pull';
  for (const line of changeLines(report)) s.logger.info(`[${tag}] ${line}`);
  s.logger.info(`[${tag}] ${summariseReport(report)} (${report.ms} ms)`);
  return { ...report, folder: s.host.workspaceFolder };
}

/** One notification for the run, over every folder it synced; resolves with the report (a folder's, or all folders' together). */
function announce(s: SharedServices, reports: FolderReport[]): FolderReport {
  const report = reports.length === 1 ? reports[0] : combineReports(reports);
  const summary = `Notion Sync: ${summariseReport(report)}.`;
  if (report.failed > 0) {
    // A standing notice: it closes once the failed operations are retried with success or removed.
    s.failures.show(report.changes.length || report.conflicts ? `(Sync: ${summariseReport({ ...report, failed: 0 })}.)` : undefined);
  } else if (report.conflicts > 0) {
    // Said by the conflict notice, which closes once they are resolved (a message would stay).
    const rest = { ...report, conflicts: 0, changes: report.changes.filter((c) => c.action !== 'conflict') };
    s.notice.show(rest.changes.length || rest.blockedDeletions.length ? `(Sync: ${summariseReport(rest)}.)` : undefined);
  } else {
    void vscode.window.showInformationMessage(summary);
  }
  return report;
}

interface StatusPick extends vscode.QuickPickItem {
  run?: () => Thenable<unknown>;
}

/** A quick pick: the state in words, with the next useful actions. Resolves with the status. */
async function showStatus(s: SharedServices): Promise<SyncStatus | undefined> {
  const status = s.statusBar.status();
  const setup = s.folders.setup;
  const shape = statusShape(status, setup, Date.now());
  const cmd = (id: string, ...args: unknown[]) => () => vscode.commands.executeCommand(id, ...args);
  const items: StatusPick[] = shape.tooltip
    .split('\n')
    .slice(1, -1)
    .map((line) => ({ label: line }));
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

async function refresh(s: SharedServices): Promise<void> {
  s.views.documents.refresh();
  s.views.queue.refresh();
  s.views.conflicts.refresh();
  s.statusBar.update();
  for (const f of s.folders.all) {
    await f.problems.rescan();
  }
}

function retryFailed(s: Services): number {
  const n = s.host.requireEngine().retryAllFailed();
  if (n > 0) s.background.processSoon(0);
  return n;
}

function announceRetry(counts: number[]): number {
  const n = counts.reduce((a, b) => a + b, 0);
  void vscode.window.showInformationMessage(n ? `Notion Sync: retrying ${plural(n, 'operation')}.` : 'Notion Sync: no failed operations to retry.');
  return n;
}

function retryOperation(s: Services, arg: unknown): boolean {
  const id = operationIdOf(arg);
  if (id === undefined) return announceRetry([retryFailed(s)]) > 0;
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
  return s.host.requireEngine().clearProcessed(0);
}

function announceCleared(counts: number[]): number {
  const n = counts.reduce((a, b) => a + b, 0);
  void vscode.window.showInformationMessage(n ? `Notion Sync: cleared ${plural(n, 'processed operation')}.` : 'Notion Sync: no processed operations to clear.');
  return n;
}
