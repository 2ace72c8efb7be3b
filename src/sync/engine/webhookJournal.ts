// Webhook deliveries are acknowledged once their event is in the journal beside
// the state database (store/journal.ts: appended and fsynced in groups), not
// after a flush of the whole database per delivery. The database is flushed and
// the journal emptied a moment later (a checkpoint); after a crash the journal's
// events are queued again on open, which the event-id dedupe makes harmless.
import { Journal } from '../store/journal';
import type { WebhookOperation } from '../webhook/events';

export interface JournaledEvent {
  event: { id: string; type: string };
  operation: WebhookOperation | null;
}

export type WebhookJournal = Journal<JournaledEvent>;

/** Checkpoints at most this often during a burst: each one rewrites the whole state database. */
export const CHECKPOINT_DELAY_MS = 1_000;

export function openWebhookJournal(statePath: string): WebhookJournal {
  return new Journal<JournaledEvent>(`${statePath}.webhooks.jsonl`);
}
