// Numbered migrations from schema/NNN_name.sql, applied in order and recorded in
// PRAGMA user_version. In the bundle esbuild.mjs inlines the files through a
// define; under tsx they are read from the repository's schema/ folder.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger';
import { StateStoreUnusableError } from './errors';
import type { SqlDb } from './sqlite';

declare const __NOTION_SYNC_SCHEMA__: Record<string, string> | undefined;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

function schemaFiles(): Record<string, string> {
  if (typeof __NOTION_SYNC_SCHEMA__ !== 'undefined') return __NOTION_SYNC_SCHEMA__;
  const dir = path.resolve(__dirname, '../../../schema');
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.sql')) files[name] = readFileSync(path.join(dir, name), 'utf8');
  }
  return files;
}

let cached: Migration[] | undefined;

export function loadMigrations(): Migration[] {
  if (cached) return cached;
  const migrations: Migration[] = [];
  for (const [name, sql] of Object.entries(schemaFiles())) {
    const m = /^(\d+)_[\w-]+\.sql$/.exec(name);
    if (m) migrations.push({ version: Number(m[1]), name, sql });
  }
  migrations.sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`schema migrations must be numbered 1..n without gaps; found ${m.name} at position ${i + 1}`);
  });
  if (migrations.length === 0) throw new Error('no schema migrations found');
  cached = migrations;
  return migrations;
}

export function latestVersion(): number {
  const all = loadMigrations();
  return all[all.length - 1].version;
}

export function readUserVersion(db: SqlDb): number {
  return Number(db.scalar('PRAGMA user_version') ?? 0);
}

/**
 * Brings the database up to the latest version, one migration per transaction
 * so a failure leaves the last good version in place. Returns the versions.
 */
export function migrate(db: SqlDb, logger: Logger): { from: number; to: number } {
  const from = readUserVersion(db);
  const latest = latestVersion();
  if (from > latest) {
    throw new StateStoreUnusableError(
      `the state database is at schema version ${from}, newer than this build knows (${latest}): a newer Notion Sync wrote it. ` +
        'update Notion Sync (the extension, or the notion-sync CLI) to use it; the file was left untouched',
    );
  }
  for (const m of loadMigrations()) {
    if (m.version <= from) continue;
    db.transaction(() => {
      db.execScript(m.sql);
      db.execScript(`PRAGMA user_version = ${m.version}`);
    });
    logger.info(`applied schema migration ${m.name}`);
  }
  return { from, to: latest };
}
