// Long work in a cancellable notification: the person's Cancel and the engine's
// closing both abort it through one AbortSignal.
import * as vscode from 'vscode';
import type { Progress } from '../sync/engine/engine';
import type { EngineHost } from './engineHost';
import { progressMessage, progressPercent } from './reportText';

export function withSyncProgress<T>(host: EngineHost, title: string, job: (signal: AbortSignal, onProgress: (p: Progress) => void) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const cancel = new AbortController();
    const sub = token.onCancellationRequested(() => cancel.abort(new vscode.CancellationError()));
    let shown = 0;
    const onProgress = (p: Progress) => {
      const pct = progressPercent(p);
      const increment = pct !== undefined && pct > shown ? pct - shown : undefined;
      if (pct !== undefined) shown = Math.max(shown, pct);
      progress.report({ message: progressMessage(p), increment });
    };
    try {
      return await job(AbortSignal.any([cancel.signal, host.signal]), onProgress);
    } finally {
      sub.dispose();
    }
  });
}
