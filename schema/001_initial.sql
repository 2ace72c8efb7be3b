-- 001: the tables named by the product brief. Timestamps are integer ms since
-- the epoch unless the column name says otherwise; JSON columns hold text.

CREATE TABLE notion_sync_queue (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  operation        TEXT    NOT NULL CHECK (operation IN ('insert','update','delete','move','restore','refresh_project','pull_root','push')),
  notion_id        TEXT,
  local_id         TEXT,
  payload          TEXT    NOT NULL DEFAULT '{}',
  status           TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','processing','done','error','dead')),
  retry_count      INTEGER NOT NULL DEFAULT 0,
  max_retries      INTEGER NOT NULL DEFAULT 8,
  next_attempt_at  INTEGER NOT NULL,
  last_error       TEXT,
  source           TEXT    NOT NULL DEFAULT 'engine' CHECK (source IN ('webhook','poll','user','engine')),
  dedupe_key       TEXT,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  processed_at     INTEGER
);
-- claimDue / getQueue: due rows by status in attempt order.
CREATE INDEX idx_queue_status_due ON notion_sync_queue (status, next_attempt_at, id);
-- enqueue coalescing: open rows with the same key.
CREATE INDEX idx_queue_dedupe ON notion_sync_queue (dedupe_key, status);
CREATE INDEX idx_queue_notion ON notion_sync_queue (notion_id, status);
CREATE INDEX idx_queue_local ON notion_sync_queue (local_id, status);
-- cleanupProcessed.
CREATE INDEX idx_queue_processed ON notion_sync_queue (status, processed_at);

CREATE TABLE notion_maps (
  local_id                TEXT PRIMARY KEY,
  notion_id               TEXT NOT NULL UNIQUE,
  notion_type             TEXT NOT NULL CHECK (notion_type IN ('page','database','data_source')),
  root_id                 TEXT,
  parent_notion_id        TEXT,
  path                    TEXT NOT NULL,
  title                   TEXT,
  url                     TEXT,
  remote_hash             TEXT,
  local_hash              TEXT,
  notion_last_edited_time TEXT,
  published_at            INTEGER,
  synced_at               INTEGER,
  state                   TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('synced','modified','conflict','pending','error','trashed')),
  last_error              TEXT,
  created_at              INTEGER NOT NULL,
  updated_at              INTEGER NOT NULL
);
CREATE INDEX idx_maps_path ON notion_maps (path);
CREATE INDEX idx_maps_root_state ON notion_maps (root_id, state);
CREATE INDEX idx_maps_state ON notion_maps (state);
CREATE INDEX idx_maps_parent ON notion_maps (parent_notion_id);

CREATE TABLE notion_config (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE binder_documents (
  id            TEXT PRIMARY KEY,
  path          TEXT NOT NULL UNIQUE,
  title         TEXT,
  frontmatter   TEXT NOT NULL DEFAULT '{}',
  content_hash  TEXT,
  size          INTEGER NOT NULL DEFAULT 0,
  mtime_ms      INTEGER NOT NULL DEFAULT 0,
  notion_id     TEXT,
  scanned_at    INTEGER NOT NULL
);
CREATE INDEX idx_documents_notion ON binder_documents (notion_id);

CREATE TABLE binder_projects (
  id              TEXT PRIMARY KEY,
  data_source_id  TEXT,
  title           TEXT,
  url             TEXT,
  root_id         TEXT,
  folder          TEXT,
  schema          TEXT NOT NULL DEFAULT '{}',
  last_synced_at  INTEGER
);
CREATE INDEX idx_projects_root ON binder_projects (root_id);
CREATE INDEX idx_projects_data_source ON binder_projects (data_source_id);

CREATE TABLE binder_tasks (
  notion_id   TEXT PRIMARY KEY,
  project_id  TEXT NOT NULL,
  title       TEXT,
  status      TEXT,
  due_date    TEXT,
  assignees   TEXT NOT NULL DEFAULT '[]',
  path        TEXT,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX idx_tasks_project ON binder_tasks (project_id, status);

CREATE TABLE binder_resources (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  page_notion_id  TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('link','bookmark','embed','image','file','video','pdf')),
  url             TEXT NOT NULL,
  title           TEXT
);
CREATE INDEX idx_resources_page ON binder_resources (page_notion_id);

CREATE TABLE sync_log (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at  INTEGER NOT NULL,
  level       TEXT NOT NULL CHECK (level IN ('trace','debug','info','warn','error')),
  operation   TEXT,
  notion_id   TEXT,
  local_id    TEXT,
  message     TEXT NOT NULL,
  details     TEXT
);
CREATE INDEX idx_log_created ON sync_log (created_at);

CREATE TABLE sync_conflicts (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  local_id        TEXT NOT NULL,
  notion_id       TEXT,
  path            TEXT NOT NULL,
  base_content    TEXT,
  local_content   TEXT NOT NULL,
  remote_content  TEXT NOT NULL,
  base_hash       TEXT,
  local_hash      TEXT NOT NULL,
  remote_hash     TEXT NOT NULL,
  detected_at     INTEGER NOT NULL,
  resolved_at     INTEGER,
  resolution      TEXT CHECK (resolution IS NULL OR resolution IN ('accept_remote','keep_local','merged'))
);
-- At most one open conflict per document.
CREATE UNIQUE INDEX idx_conflicts_open_local ON sync_conflicts (local_id) WHERE resolved_at IS NULL;
CREATE INDEX idx_conflicts_resolved ON sync_conflicts (resolved_at, detected_at);
