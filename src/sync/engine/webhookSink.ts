// The engine's side of the webhook receiver: an event is acknowledged only once
// it is durably queued (in the webhook journal, or the database flushed), and
// each event id is queued once.
import type { WebhookSink } from '../webhook/receiver';
import type { SyncEngine } from './engine';

export interface SecretSource {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export const VERIFICATION_TOKEN_KEY = 'notionSync.webhookVerificationToken';

export function createWebhookSink(engine: SyncEngine, secrets: SecretSource, onQueued: () => void): WebhookSink {
  return {
    getVerificationToken: () => secrets.get(VERIFICATION_TOKEN_KEY),
    saveVerificationToken: (token) => secrets.set(VERIFICATION_TOKEN_KEY, token),
    async accept(event, operation) {
      const result = await engine.acceptWebhookDurably(event, operation);
      if (result === 'queued') onQueued();
      return result;
    },
    async status() {
      const s = engine.getSyncStatus();
      return {
        state: s.state,
        pending: s.queue.pending,
        processing: s.queue.processing,
        errors: s.queue.error,
        dead: s.queue.dead,
        conflicts: s.conflicts,
        lastSync: s.lastSuccessAt ? new Date(s.lastSuccessAt).toISOString() : null,
        lastError: s.lastError,
      };
    },
  };
}
