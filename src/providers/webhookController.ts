// The local webhook receiver: started by command or by notionSync.webhook.enabled,
// restarted with the engine when settings or the token change.
import * as vscode from 'vscode';
import type { SecretSource } from '../sync/engine/webhookSink';
import { createWebhookSink, VERIFICATION_TOKEN_KEY } from '../sync/engine/webhookSink';
import { scoped, type Logger } from '../sync/logger';
import { WebhookReceiver } from '../sync/webhook/receiver';
import type { EngineHost } from './engineHost';

export class WebhookController implements vscode.Disposable {
  private receiver: WebhookReceiver | undefined;
  private readonly subscription: vscode.Disposable;
  private transition: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly host: EngineHost,
    private readonly secrets: SecretSource,
    /** Called after the receiver started or stopped (context keys follow `running`). */
    private readonly onRunningChange: () => void,
    private readonly logger: Logger,
    private readonly onQueued: () => void,
  ) {
    this.subscription = host.onDidChangeEngine((engine) => {
      const wasRunning = this.running;
      this.serial(async () => {
        await this.stopNow();
        if (engine && (wasRunning || engine.settings.webhook.enabled)) {
          await this.startNow().catch((e: unknown) => {
            const message = e instanceof Error ? e.message : String(e);
            this.logger.error(`[Webhook] ${message}`);
            void vscode.window.showWarningMessage(`Notion Sync: the webhook receiver did not start: ${message}`);
          });
        }
      });
    });
  }

  get running(): boolean {
    return this.receiver !== undefined;
  }

  get url(): string | undefined {
    return this.receiver?.url;
  }

  verificationToken(): Promise<string | undefined> {
    return this.secrets.get(VERIFICATION_TOKEN_KEY);
  }

  start(): Promise<string> {
    return this.serial(() => this.startNow());
  }

  stop(): Promise<void> {
    return this.serial(() => this.stopNow());
  }

  private serial<T>(job: () => Promise<T>): Promise<T> {
    const next = this.transition.then(job, job);
    this.transition = next.catch(() => undefined);
    return next;
  }

  private async startNow(): Promise<string> {
    if (this.receiver?.url) return this.receiver.url;
    const engine = this.host.requireEngine();
    const { host, port } = engine.settings.webhook;
    const receiver = new WebhookReceiver({ host, port, sink: createWebhookSink(engine, this.secrets, this.onQueued), logger: scoped(this.logger, 'Webhook') });
    const { url } = await receiver.start();
    this.receiver = receiver;
    this.onRunningChange();
    return url;
  }

  private async stopNow(): Promise<void> {
    const receiver = this.receiver;
    this.receiver = undefined;
    if (receiver) this.onRunningChange();
    await receiver?.stop();
  }

  async dispose(): Promise<void> {
    this.subscription.dispose();
    await this.stop();
  }
}
