// A command's failure as a person should read it: one message and the actions
// that help. Pure: the command boundary (commands.ts) shows it.
import { NotionAuthError, NotionError, NotionNotFoundError, NotionRateLimitedError, NotionUnavailableError } from '../sync/notion/errors';
import { SettingsError } from '../sync/settings';

export type AdviceAction = 'Set API Token' | 'Show Log' | 'Retry' | 'Open Settings' | 'Add Root' | 'Open Folder';

export interface Advice {
  message: string;
  actions: AdviceAction[];
  /** Cancellation by the person: nothing to show. */
  silent: boolean;
}

/** Raised by the extension for a missing precondition (no token, no root, no folder). */
export class SetupRequiredError extends Error {
  override readonly name = 'SetupRequiredError';
  constructor(
    message: string,
    readonly action: AdviceAction,
  ) {
    super(message);
  }
}

export function isCancellation(e: unknown): boolean {
  return e instanceof Error && (e.name === 'AbortError' || e.name === 'Canceled' || e.name === 'CancellationError');
}

export function adviceFor(what: string, e: unknown): Advice {
  if (isCancellation(e)) return { message: `${what} cancelled`, actions: [], silent: true };
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof SetupRequiredError) return { message, actions: [e.action], silent: false };
  if (e instanceof NotionAuthError) {
    return {
      message: `${what} failed: Notion refused the API token (${message}). Set a valid integration token, and share the pages with the integration under "Connections".`,
      actions: ['Set API Token', 'Show Log'],
      silent: false,
    };
  }
  if (e instanceof NotionNotFoundError) return { message: `${what} failed: ${message}`, actions: ['Show Log'], silent: false };
  if (e instanceof NotionRateLimitedError || e instanceof NotionUnavailableError) {
    return { message: `${what} failed: Notion is not answering right now (${message}). Try again in a moment.`, actions: ['Retry', 'Show Log'], silent: false };
  }
  if (e instanceof SettingsError) return { message: `${what}: ${message}`, actions: ['Open Settings'], silent: false };
  if (e instanceof NotionError) return { message: `${what} failed: ${message}`, actions: ['Retry', 'Show Log'], silent: false };
  return { message: `${what} failed: ${message}`, actions: ['Show Log'], silent: false };
}
