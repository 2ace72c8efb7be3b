-- 003: binder_resources also records media files: for a Notion-hosted (or
-- downloaded external) image, file, PDF, audio or video, its local copy, the
-- Notion block holding it, the bytes' hash and size, and where it stands.
-- SQLite cannot widen a CHECK in place (audio was missing), so the table is
-- rebuilt and its rows copied.

CREATE TABLE binder_resources_new (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  page_notion_id  TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('link','bookmark','embed','image','file','video','audio','pdf')),
  -- For media: the file's URL without its signature (stable across reads).
  url             TEXT NOT NULL,
  title           TEXT,
  -- Media only (NULL for links, bookmarks and embeds):
  block_id        TEXT,
  local_path      TEXT,
  hash            TEXT,
  size            INTEGER,
  state           TEXT CHECK (state IS NULL OR state IN ('synced','error','uploaded','placed')),
  -- An upload sent but not yet attached to its block (it expires after an hour).
  upload_id       TEXT,
  upload_expires_at INTEGER,
  last_error      TEXT,
  updated_at      INTEGER
);
INSERT INTO binder_resources_new (id, page_notion_id, kind, url, title)
  SELECT id, page_notion_id, kind, url, title FROM binder_resources;
DROP TABLE binder_resources;
ALTER TABLE binder_resources_new RENAME TO binder_resources;
CREATE INDEX idx_resources_page ON binder_resources (page_notion_id);
-- The push looks a local file up by path; the pull by its page and stable URL.
CREATE INDEX idx_resources_local_path ON binder_resources (local_path);
CREATE INDEX idx_resources_block ON binder_resources (block_id);
