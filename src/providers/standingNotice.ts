// A notification that must not outlive its news. VS Code cannot close a message
// once shown (showWarningMessage), but it closes a progress notification when
// its task ends: so a standing notice is one, whose task lasts while its
// condition holds. Shown again with a new key, it replaces the old one.
import * as vscode from 'vscode';

export class StandingNotice implements vscode.Disposable {
  private shown: { key: string; message: string; close: () => void } | undefined;

  /** The message on screen, or undefined when none is (tests read it). */
  get message(): string | undefined {
    return this.shown?.message;
  }

  /** What the shown notice is about (compare before replacing it). */
  get key(): string | undefined {
    return this.shown?.key;
  }

  /** Shows `message` (links as markdown command links); replaces a notice shown. */
  show(key: string, message: string): void {
    this.close();
    let close: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      close = resolve;
    });
    this.shown = { key, message, close };
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Notion Sync: ${message}` }, () => done);
  }

  close(): void {
    this.shown?.close();
    this.shown = undefined;
  }

  dispose(): void {
    this.close();
  }
}
