// The Notion token: VS Code's SecretStorage first, the NOTION_TOKEN environment
// variable as a fallback (CI, code-server). Never written to settings or logs.
import * as vscode from 'vscode';
import type { SecretSource } from '../sync/engine/webhookSink';
import { TOKEN_ENV, TOKEN_SECRET_KEY } from './constants';

export class TokenStore implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires when the stored token changes (here or in another window). */
  readonly onDidChange = this.emitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === TOKEN_SECRET_KEY) this.emitter.fire();
    });
  }

  async get(): Promise<string | undefined> {
    const stored = await this.secrets.get(TOKEN_SECRET_KEY);
    if (stored) return stored;
    const env = process.env[TOKEN_ENV]?.trim();
    return env || undefined;
  }

  /** True when the token comes from the environment (Sign Out cannot remove it). */
  async fromEnvironment(): Promise<boolean> {
    return !(await this.secrets.get(TOKEN_SECRET_KEY)) && !!process.env[TOKEN_ENV]?.trim();
  }

  store(token: string): Thenable<void> {
    return this.secrets.store(TOKEN_SECRET_KEY, token);
  }

  delete(): Thenable<void> {
    return this.secrets.delete(TOKEN_SECRET_KEY);
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}

/** The webhook sink's secret source (the verification token) over SecretStorage. */
export function secretSource(secrets: vscode.SecretStorage): SecretSource {
  return {
    get: async (key) => (await secrets.get(key)) ?? undefined,
    set: async (key, value) => {
      await secrets.store(key, value);
    },
    delete: async (key) => {
      await secrets.delete(key);
    },
  };
}
