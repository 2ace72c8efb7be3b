// A thin typed layer over one sql.js Database: cached statements, row access,
// and transactions that roll back on error (nested calls use savepoints).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import initSqlJs from 'sql.js';

export type SqlValue = initSqlJs.SqlValue;
export type Row = initSqlJs.ParamsObject;
export type SqlJs = initSqlJs.SqlJsStatic;
type Database = initSqlJs.Database;
type Statement = initSqlJs.Statement;

/**
 * The wasm beside the bundle (dist/sql-wasm.wasm, copied by esbuild.mjs), else
 * the one in node_modules (tests and tools under tsx). Never fetched.
 */
export function resolveWasmPath(explicit?: string): string {
  if (explicit) return explicit;
  const beside = path.join(__dirname, 'sql-wasm.wasm');
  if (existsSync(beside)) return beside;
  // Not a literal, so esbuild leaves it alone: the bundle never takes this path.
  const fromPackage = ['sql.js', 'dist', 'sql-wasm.wasm'].join('/');
  return require.resolve(fromPackage);
}

const engines = new Map<string, Promise<SqlJs>>();

/** Compiles sql.js once per wasm file; later opens reuse it. */
export function loadSqlJs(wasmPath: string): Promise<SqlJs> {
  let engine = engines.get(wasmPath);
  if (!engine) {
    const bytes = readFileSync(wasmPath);
    const wasmBinary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    engine = initSqlJs({ wasmBinary });
    engines.set(wasmPath, engine);
    engine.catch(() => engines.delete(wasmPath));
  }
  return engine;
}

function isPromiseLike(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

export class SqlDb {
  private readonly statements = new Map<string, Statement>();
  private depth = 0;
  private changedInTx = false;
  /** Tables SQLite reported written (its update hook) since the last committed write. */
  private touched = new Set<string>();

  /** onChange runs after a committed write (or a write outside a transaction), with the tables it wrote. */
  constructor(
    private readonly db: Database,
    private readonly onChange: (tables: ReadonlySet<string>) => void,
  ) {
    this.tune();
  }

  /** Hands the written tables to onChange; a rolled-back write is reported too (a spare refresh, never a missed one). */
  private committed(): void {
    const tables = this.touched;
    this.touched = new Set();
    this.onChange(tables);
  }

  /**
   * The file behind sql.js is emscripten's in-memory FS; durability comes from
   * our export + atomic write. An exclusive lock stops SQLite re-reading the
   * header and probing for a hot journal before every statement (about 10×
   * faster queries); a memory journal still supports ROLLBACK and savepoints.
   */
  private tune(): void {
    this.db.exec('PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY');
    // SQLite itself names every table a statement wrote, so change events need no bookkeeping at each write.
    this.db.updateHook((_operation, _database, table) => {
      this.touched.add(table);
    });
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  private prepare(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  /** Runs a write; returns the number of rows it changed. */
  run(sql: string, params: SqlValue[] = []): number {
    const stmt = this.prepare(sql);
    try {
      stmt.run(params);
    } finally {
      stmt.reset();
    }
    const changes = this.db.getRowsModified();
    if (this.depth > 0) this.changedInTx = true;
    else this.committed();
    return changes;
  }

  all(sql: string, params: SqlValue[] = []): Row[] {
    const stmt = this.prepare(sql);
    const rows: Row[] = [];
    try {
      stmt.bind(params);
      while (stmt.step()) rows.push(stmt.getAsObject());
    } finally {
      stmt.reset();
    }
    return rows;
  }

  get(sql: string, params: SqlValue[] = []): Row | undefined {
    const stmt = this.prepare(sql);
    try {
      stmt.bind(params);
      return stmt.step() ? stmt.getAsObject() : undefined;
    } finally {
      stmt.reset();
    }
  }

  /** Single value of the first row's first column. */
  scalar(sql: string, params: SqlValue[] = []): SqlValue | undefined {
    const row = this.get(sql, params);
    return row ? Object.values(row)[0] : undefined;
  }

  lastInsertId(): number {
    return Number(this.scalar('SELECT last_insert_rowid()'));
  }

  /** Multi-statement SQL (migrations); no parameters, not cached. */
  execScript(sql: string): void {
    this.db.exec(sql);
    if (this.depth > 0) this.changedInTx = true;
    else this.committed();
  }

  /**
   * Runs fn atomically: everything it wrote is kept if it returns, undone if it
   * throws. Nested calls join the outer transaction through a savepoint, so an
   * inner failure caught by the outer fn undoes only the inner writes.
   */
  transaction<T>(fn: () => T): T {
    if (this.depth === 0) {
      this.db.exec('BEGIN');
      this.depth = 1;
      this.changedInTx = false;
      try {
        const result = fn();
        if (isPromiseLike(result)) throw new TypeError('transaction() callbacks must be synchronous');
        this.db.exec('COMMIT');
        this.depth = 0;
        if (this.changedInTx) this.committed();
        return result;
      } catch (err) {
        this.depth = 0;
        try {
          this.db.exec('ROLLBACK');
        } catch {
          // SQLite may already have rolled back (e.g. after a constraint abort).
        }
        throw err;
      } finally {
        this.changedInTx = false;
      }
    }
    const name = `sp_${this.depth}`;
    this.db.exec(`SAVEPOINT ${name}`);
    this.depth++;
    try {
      const result = fn();
      if (isPromiseLike(result)) throw new TypeError('transaction() callbacks must be synchronous');
      this.db.exec(`RELEASE ${name}`);
      return result;
    } catch (err) {
      this.db.exec(`ROLLBACK TO ${name}`);
      this.db.exec(`RELEASE ${name}`);
      throw err;
    } finally {
      this.depth--;
    }
  }

  /**
   * The database file's bytes. sql.js closes and reopens the connection to
   * export, which frees every prepared statement, so the cache is dropped.
   */
  export(): Uint8Array {
    if (this.depth > 0) throw new Error('cannot export the database inside a transaction');
    this.statements.clear();
    const bytes = this.db.export();
    // export() reopened the connection: connection settings start over.
    this.tune();
    return bytes;
  }

  close(): void {
    this.db.updateHook(null);
    for (const stmt of this.statements.values()) stmt.free();
    this.statements.clear();
    this.db.close();
  }
}

// Column readers: the schema's CHECK and NOT NULL constraints make these total;
// a mismatch means a schema/code drift, so they throw loudly.

export function text(row: Row, column: string): string {
  const v = row[column];
  if (typeof v !== 'string') throw new Error(`state db: column ${column} is not text`);
  return v;
}

export function textOrNull(row: Row, column: string): string | null {
  const v = row[column];
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') throw new Error(`state db: column ${column} is not text`);
  return v;
}

export function int(row: Row, column: string): number {
  const v = row[column];
  if (typeof v !== 'number') throw new Error(`state db: column ${column} is not a number`);
  return v;
}

export function intOrNull(row: Row, column: string): number | null {
  const v = row[column];
  if (v === null || v === undefined) return null;
  if (typeof v !== 'number') throw new Error(`state db: column ${column} is not a number`);
  return v;
}

export function jsonColumn<T>(row: Row, column: string): T {
  return JSON.parse(text(row, column)) as T;
}

/** The fields of o that are not undefined (so upserts keep stored values). */
export function definedOnly<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(o) as (keyof T)[]) {
    if (o[key] !== undefined) out[key] = o[key];
  }
  return out;
}
