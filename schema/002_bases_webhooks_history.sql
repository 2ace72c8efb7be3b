-- 002: what the engine needs beyond the brief's tables: base snapshots for the
-- three-way merge, webhook event dedupe, task stage history, and document
-- diagnostics (pre-push fidelity problems shown in the Problems panel).

CREATE TABLE document_bases (
  local_id    TEXT PRIMARY KEY,
  content     TEXT NOT NULL,
  hash        TEXT NOT NULL,
  updated_at  INTEGER NOT NULL
);

CREATE TABLE webhook_events (
  event_id     TEXT PRIMARY KEY,
  type         TEXT NOT NULL,
  received_at  INTEGER NOT NULL
);
-- Pruning old events by age.
CREATE INDEX idx_webhook_events_received ON webhook_events (received_at);

CREATE TABLE task_stage_history (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  notion_id    TEXT NOT NULL,
  project_id   TEXT NOT NULL,
  from_status  TEXT,
  to_status    TEXT,
  changed_at   INTEGER NOT NULL
);
CREATE INDEX idx_stage_history_task ON task_stage_history (notion_id, changed_at);

ALTER TABLE binder_documents ADD COLUMN diagnostics TEXT NOT NULL DEFAULT '[]';
