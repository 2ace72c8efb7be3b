-- 004: a media file's modification time as last verified against its recorded
-- hash, so a scan notices new bytes under a linked name by a stat alone and
-- reads (hashes) only files whose size or time changed.
ALTER TABLE binder_resources ADD COLUMN mtime_ms INTEGER;
