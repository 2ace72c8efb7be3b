// Every command runs inside one boundary: errors are logged, shown once as a
// non-modal notification with the action that helps, and never rethrown into
// the workbench (which would show a second, less helpful message).
import * as vscode from 'vscode';
import type { Logger } from '../sync/logger';
import { COMMANDS, type CommandId } from './constants';
import { adviceFor, type AdviceAction } from './errorAdvice';

export type Handler = (...args: unknown[]) => unknown;

/** Messages on screen right now: the same failure is not stacked twice. */
const showing = new Set<string>();

export function registerCommand(logger: Logger, id: CommandId, what: string, handler: Handler): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (e) {
      reportFailure(logger, what, e, () => vscode.commands.executeCommand(id, ...args));
      return undefined;
    }
  });
}

export function reportFailure(logger: Logger, what: string, e: unknown, retry?: () => Thenable<unknown>): void {
  const advice = adviceFor(what, e);
  if (advice.silent) {
    logger.info(advice.message);
    return;
  }
  logger.error(`${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  if (showing.has(advice.message)) return;
  showing.add(advice.message);
  const actions = advice.actions.filter((a) => a !== 'Retry' || retry);
  // Not awaited: the command returns while the message waits for the person.
  void vscode.window.showErrorMessage(advice.message, ...actions).then((choice) => {
    showing.delete(advice.message);
    if (choice) void runAdvice(choice, retry);
  });
}

function runAdvice(action: AdviceAction, retry?: () => Thenable<unknown>): Thenable<unknown> {
  switch (action) {
    case 'Set API Token':
      return vscode.commands.executeCommand(COMMANDS.setToken);
    case 'Show Log':
      return vscode.commands.executeCommand(COMMANDS.showLog);
    case 'Add Root':
      return vscode.commands.executeCommand(COMMANDS.addRoot);
    case 'Open Settings':
      return vscode.commands.executeCommand('workbench.action.openSettings', 'notionSync');
    case 'Open Folder':
      return vscode.commands.executeCommand('workbench.action.files.openFolder');
    case 'Retry':
      return retry ? retry() : Promise.resolve();
  }
}
