// `setContext` with a cache: the manifest's `when` clauses read these keys, and
// an unchanged value is not sent again.
import * as vscode from 'vscode';
import { CONTEXT_KEYS, type ContextKey } from './constants';

export class ContextKeys {
  private readonly values = new Map<ContextKey, boolean>();

  constructor() {
    for (const key of Object.values(CONTEXT_KEYS)) this.set(key, false);
  }

  set(key: ContextKey, value: boolean): void {
    if (this.values.get(key) === value) return;
    this.values.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  }

  get(key: ContextKey): boolean {
    return this.values.get(key) ?? false;
  }

  snapshot(): Record<ContextKey, boolean> {
    return Object.fromEntries(Object.values(CONTEXT_KEYS).map((k) => [k, this.get(k)])) as Record<ContextKey, boolean>;
  }
}
