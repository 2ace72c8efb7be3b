// StateStore: the one facade the engine uses over the sql.js state database.
// It lives in memory; every committed write marks it dirty and a debounced
// flush persists it atomically (see persistence.ts).
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { nullLogger, scoped, type Logger } from '../logger';
import * as conflicts from './conflicts';
import * as config from './config';
import type { StoreContext } from './context';
import * as documents from './documents';
import * as maps from './maps';
import { StateStoreUnusableError } from './errors';
import { acquireLock } from './lock';
import { migrate, readUserVersion } from './migrations';
import { FlushScheduler, moveAside, removeTempLeftovers } from './persistence';
import * as projects from './projects';
import * as queue from './queue';
import * as resources from './resources';
import { loadSqlJs, resolveWasmPath, SqlDb, text, type SqlJs } from './sqlite';
import * as syncLog from './syncLog';
import { WriteFeed, type WriteListener } from './writeFeed';
import type {
  BaseRow,
  ConflictInput,
  ConflictResolution,
  ConflictRow,
  DocumentInput,
  DocumentRow,
  EnqueueInput,
  JsonObject,
  JsonValue,
  MapInput,
  MapQuery,
  MapRow,
  MapPath,
  MapState,
  MarkFailedOptions,
  ProjectInput,
  ProjectRow,
  QueueCounts,
  QueueQuery,
  QueueRow,
  MediaInput,
  MediaRow,
  ResourceInput,
  ResourceRow,
  SyncLogInput,
  SyncLogQuery,
  SyncLogRow,
  TaskInput,
  TaskRow,
  TaskStageRow,
} from './types';

export interface StateStoreOptions {
  /** Database file (parent folders are created). Omit for a memory-only store. */
  path?: string;
  /** sql-wasm.wasm location; defaults to beside the bundle, else node_modules. */
  wasmPath?: string;
  logger?: Logger;
  /** Debounce between a write and its flush to disk (default 200 ms). */
  flushDelayMs?: number;
  now?: () => number;
  random?: () => number;
  /** Reads the file if there is one and never writes it (no folder, lock or flush): a dry run leaves the workspace as it was. */
  readOnly?: boolean;
  /** Starts from these database bytes (memory-only): see StateStore.copyInMemory. */
  bytes?: Uint8Array;
}

export const DEFAULT_FLUSH_DELAY_MS = 200;

export class StateStore {
  private closed = false;

  /** @internal use openStateStore(). */
  constructor(
    private readonly ctx: StoreContext,
    private readonly persister: FlushScheduler,
    /** The database file, or undefined for a memory-only store. */
    readonly path: string | undefined,
    /** True when the file was unreadable, moved aside and replaced by a fresh one: rebuild from frontmatter. */
    readonly recoveredFromCorruption: boolean,
    private readonly releaseLock: () => Promise<void> = async () => undefined,
  ) {}

  /** A copy of this database in memory, never written anywhere: a dry run's scratch state. */
  copyInMemory(): Promise<StateStore> {
    return openStateStore({ bytes: this.c.db.export(), logger: this.c.logger, now: this.c.now, random: this.c.random });
  }

  get schemaVersion(): number {
    return readUserVersion(this.c.db);
  }

  /** True while writes wait for the next flush. */
  get isDirty(): boolean {
    return this.persister.isDirty;
  }

  private get c(): StoreContext {
    if (this.closed) throw new Error('StateStore is closed');
    return this.ctx;
  }

  /** Called after every committed write with the tables it wrote; returns the unsubscribe. */
  readonly onDidWrite = (listener: WriteListener): (() => void) => this.c.writes.on(listener);

  /** Runs fn atomically (rolled back if it throws); nested calls join the outer one. */
  transaction<T>(fn: () => T): T {
    return this.c.db.transaction(fn);
  }

  /** Writes pending changes to disk now. */
  flush(): Promise<void> {
    return this.persister.flush();
  }

  /** Flushes, then releases the database. Further calls throw. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.persister.flush();
    } finally {
      this.persister.cancel();
      this.closed = true;
      this.ctx.db.close();
      await this.releaseLock();
    }
  }

  /** PRAGMA integrity_check; 'ok' when healthy. */
  integrityCheck(): string {
    const row = this.c.db.get('PRAGMA integrity_check');
    return row ? text(row, 'integrity_check') : 'no result';
  }

  // Queue
  enqueue(op: EnqueueInput): QueueRow {
    return queue.enqueue(this.c, op);
  }
  getOperation(id: number): QueueRow | undefined {
    return queue.getOperation(this.c, id);
  }
  getQueue(query: QueueQuery = {}): QueueRow[] {
    return queue.getQueue(this.c, query);
  }
  claimDue(limit: number, now?: number, skip?: readonly number[]): QueueRow[] {
    return queue.claimDue(this.c, limit, now, skip);
  }
  countUnfinished(now?: number, skip?: readonly number[]): number {
    return queue.countUnfinished(this.c, now, skip);
  }
  markSucceeded(id: number): QueueRow | undefined {
    return queue.markSucceeded(this.c, id);
  }
  markFailed(id: number, error: string, options: MarkFailedOptions = {}): QueueRow | undefined {
    return queue.markFailed(this.c, id, error, options);
  }
  patchPayload(id: number, patch: JsonObject): QueueRow | undefined {
    return queue.patchPayload(this.c, id, patch);
  }
  retryOperation(id: number): QueueRow | undefined {
    return queue.retryOperation(this.c, id);
  }
  retryAllFailed(): number {
    return queue.retryAllFailed(this.c);
  }
  removeOperation(id: number): boolean {
    return queue.removeOperation(this.c, id);
  }
  cleanupProcessed(olderThanDays: number): number {
    return queue.cleanupProcessed(this.c, olderThanDays);
  }
  queueCounts(): QueueCounts {
    return queue.queueCounts(this.c);
  }
  recoverInterrupted(): number {
    return queue.recoverInterrupted(this.c);
  }

  // Mappings
  upsertMap(map: MapInput): MapRow {
    return maps.upsertMap(this.c, map);
  }
  getMapByLocalId(localId: string): MapRow | undefined {
    return maps.getMapByLocalId(this.c, localId);
  }
  getMapByNotionId(notionId: string): MapRow | undefined {
    return maps.getMapByNotionId(this.c, notionId);
  }
  getMapByPath(path: string): MapRow | undefined {
    return maps.getMapByPath(this.c, path);
  }
  listMaps(query: MapQuery = {}): MapRow[] {
    return maps.listMaps(this.c, query);
  }
  listMapsWithoutDocument = (states: readonly MapState[]): MapRow[] => maps.listMapsWithoutDocument(this.c, states);
  listMapPaths = (): MapPath[] => maps.listMapPaths(this.c);
  deleteMap(localId: string): boolean {
    return maps.deleteMap(this.c, localId);
  }
  updateSyncTimes(localId: string, times: { publishedAt?: number; syncedAt?: number }): boolean {
    return maps.updateSyncTimes(this.c, localId, times);
  }
  setMapState(localId: string, state: MapState, error?: string): boolean {
    return maps.setMapState(this.c, localId, state, error);
  }

  // Conflicts
  addConflict(conflict: ConflictInput): ConflictRow {
    return conflicts.addConflict(this.c, conflict);
  }
  getUnresolvedConflicts(): ConflictRow[] {
    return conflicts.getUnresolvedConflicts(this.c);
  }
  getConflict(id: number): ConflictRow | undefined {
    return conflicts.getConflict(this.c, id);
  }
  getConflictForDocument(localId: string): ConflictRow | undefined {
    return conflicts.getConflictForDocument(this.c, localId);
  }
  resolveConflict(id: number, resolution: ConflictResolution): ConflictRow | undefined {
    return conflicts.resolveConflict(this.c, id, resolution);
  }

  // Config
  setConfig(key: string, value: JsonValue): void {
    config.setConfig(this.c, key, value);
  }
  getConfig<T = JsonValue>(key: string): T | undefined {
    return config.getConfig<T>(this.c, key);
  }
  deleteConfig(key: string): boolean {
    return config.deleteConfig(this.c, key);
  }

  // Documents and bases
  upsertDocument(doc: DocumentInput): DocumentRow {
    return documents.upsertDocument(this.c, doc);
  }
  getDocument(id: string): DocumentRow | undefined {
    return documents.getDocument(this.c, id);
  }
  getDocumentByPath(path: string): DocumentRow | undefined {
    return documents.getDocumentByPath(this.c, path);
  }
  listDocuments(): DocumentRow[] {
    return documents.listDocuments(this.c);
  }

  /** See documents.claimsToCheck. */
  documentClaimsToCheck(folder: string): string[] {
    return documents.claimsToCheck(this.c, folder);
  }
  deleteDocument(id: string): boolean {
    return documents.deleteDocument(this.c, id);
  }
  renameDocument(id: string, newPath: string): boolean {
    return documents.renameDocument(this.c, id, newPath);
  }
  setBase(localId: string, content: string, hash: string): void {
    documents.setBase(this.c, localId, content, hash);
  }
  getBase(localId: string): BaseRow | undefined {
    return documents.getBase(this.c, localId);
  }
  deleteBase(localId: string): boolean {
    return documents.deleteBase(this.c, localId);
  }

  // Projects and tasks
  upsertProject(project: ProjectInput): ProjectRow {
    return projects.upsertProject(this.c, project);
  }
  listProjects(rootId?: string): ProjectRow[] {
    return projects.listProjects(this.c, rootId);
  }
  getProject(id: string): ProjectRow | undefined {
    return projects.getProject(this.c, id);
  }
  deleteProject(id: string): boolean {
    return projects.deleteProject(this.c, id);
  }
  upsertTask(task: TaskInput): TaskRow {
    return projects.upsertTask(this.c, task);
  }
  getTask(notionId: string): TaskRow | undefined {
    return projects.getTask(this.c, notionId);
  }
  listTasks(projectId?: string): TaskRow[] {
    return projects.listTasks(this.c, projectId);
  }
  getTaskStageHistory(notionId: string): TaskStageRow[] {
    return projects.getTaskStageHistory(this.c, notionId);
  }
  deleteTask(notionId: string): boolean {
    return projects.deleteTask(this.c, notionId);
  }

  // Resources
  replaceResources(pageNotionId: string, rows: readonly ResourceInput[]): ResourceRow[] {
    return resources.replaceResources(this.c, pageNotionId, rows);
  }
  listResources(pageNotionId?: string): ResourceRow[] {
    return resources.listResources(this.c, pageNotionId);
  }
  listMedia(pageNotionId?: string): MediaRow[] {
    return resources.listMedia(this.c, pageNotionId);
  }
  getMediaByPath(localPath: string): MediaRow | undefined {
    return resources.getMediaByPath(this.c, localPath);
  }
  getMediaByUrl(url: string): MediaRow | undefined {
    return resources.getMediaByUrl(this.c, url);
  }
  saveMedia(row: MediaInput): MediaRow {
    return resources.saveMedia(this.c, row);
  }
  deleteMedia(id: number): void {
    resources.deleteMedia(this.c, id);
  }
  moveMediaPaths(fromDir: string, toDir: string): void {
    resources.moveMediaPaths(this.c, fromDir, toDir);
  }

  // Sync log and webhook events
  appendLog(entry: SyncLogInput): number {
    return syncLog.appendLog(this.c, entry);
  }
  listLog(query: SyncLogQuery): SyncLogRow[] {
    return syncLog.listLog(this.c, query);
  }
  pruneLog(olderThanDays: number): number {
    return syncLog.pruneLog(this.c, olderThanDays);
  }
  recordWebhookEvent(eventId: string, type: string, receivedAt?: number): boolean {
    return syncLog.recordWebhookEvent(this.c, eventId, type, receivedAt);
  }
  pruneWebhookEvents(receivedBefore: number): number {
    return syncLog.pruneWebhookEvents(this.c, receivedBefore);
  }
}

async function readIfExists(file: string): Promise<Uint8Array | undefined> {
  try {
    return await fsp.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EISDIR') {
      throw new StateStoreUnusableError(`${file} is a folder, not the state database: move it away, or choose another file (--state FILE in the CLI)`);
    }
    throw err;
  }
}

/** Opens bytes as a database and proves they are one; throws if not. */
function openChecked(SQL: SqlJs, bytes: Uint8Array): InstanceType<SqlJs['Database']> {
  const db = new SQL.Database(bytes);
  try {
    const result = db.exec('PRAGMA quick_check');
    const verdict = result[0]?.values[0]?.[0];
    if (verdict !== 'ok') throw new Error(`quick_check: ${String(verdict)}`);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

type RawDatabase = InstanceType<SqlJs['Database']>;

/**
 * Reads the file (cleaning temp leftovers first). An unreadable one is moved
 * aside and replaced by an empty database.
 */
async function loadFile(SQL: SqlJs, file: string, now: number, logger: Logger): Promise<{ raw: RawDatabase; existed: boolean; recovered: boolean }> {
  const leftovers = await removeTempLeftovers(file);
  if (leftovers.length) logger.info(`removed ${leftovers.length} temp file(s) left by an interrupted flush: ${leftovers.join(', ')}`);
  const bytes = await readIfExists(file);
  if (!bytes || bytes.byteLength === 0) return { raw: new SQL.Database(), existed: false, recovered: false };
  try {
    return { raw: openChecked(SQL, bytes), existed: true, recovered: false };
  } catch (err) {
    const aside = await moveAside(file, now);
    logger.warn(
      `state database ${file} is unreadable (${err instanceof Error ? err.message : String(err)}); moved it to ${aside} and started a fresh one; sync state will be rebuilt from frontmatter`,
    );
    return { raw: new SQL.Database(), existed: true, recovered: true };
  }
}

/** A memory-only database, from bytes when given (an unreadable copy starts empty: a dry run then plans a first pull). */
function memoryDatabase(SQL: SqlJs, bytes: Uint8Array | undefined, logger: Logger): RawDatabase {
  if (!bytes || bytes.byteLength === 0) return new SQL.Database();
  try {
    return openChecked(SQL, bytes);
  } catch (err) {
    logger.warn(`the state database could not be read (${err instanceof Error ? err.message : String(err)}); planning from an empty one`);
    return new SQL.Database();
  }
}

export async function openStateStore(options: StateStoreOptions = {}): Promise<StateStore> {
  const logger = scoped(options.logger ?? nullLogger, 'store');
  const now = options.now ?? Date.now;
  if (options.readOnly && options.path) {
    const existing = await readIfExists(path.resolve(options.path)).catch(() => null);
    return openStateStore({ ...options, path: undefined, readOnly: false, bytes: existing ?? undefined });
  }
  const file = options.path ? path.resolve(options.path) : undefined;
  const SQL = await loadSqlJs(resolveWasmPath(options.wasmPath));
  let releaseLock = async (): Promise<void> => undefined;
  if (file) {
    await fsp.mkdir(path.dirname(file), { recursive: true }).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST' && err.code !== 'ENOTDIR') throw err;
      throw new StateStoreUnusableError(`${path.dirname(file)} is not a folder, so the state database ${file} cannot be kept there: move that file away, or choose another file (--state FILE in the CLI)`);
    });
    releaseLock = await acquireLock(file);
  }
  let db: SqlDb | undefined;
  let persister: FlushScheduler | undefined;
  try {
    const loaded = file ? await loadFile(SQL, file, now(), logger) : { raw: memoryDatabase(SQL, options.bytes, logger), existed: false, recovered: false };
    const writes = new WriteFeed(logger);
    const opened = new SqlDb(loaded.raw, (tables) => {
      persister?.markDirty();
      writes.emit(tables);
    });
    db = opened;
    persister = new FlushScheduler(file, options.flushDelayMs ?? DEFAULT_FLUSH_DELAY_MS, () => opened.export(), logger);
    const migrated = migrate(opened, logger);
    const ctx: StoreContext = { db: opened, now, random: options.random ?? Math.random, logger, writes };
    const store = new StateStore(ctx, persister, file, loaded.recovered, releaseLock);
    const interrupted = store.recoverInterrupted();
    if (interrupted) logger.info(`${interrupted} operation(s) interrupted by a previous exit are pending again`);
    // Make the file exist and carry the current schema before anyone relies on it.
    if (file && (!loaded.existed || loaded.recovered || migrated.from !== migrated.to || interrupted > 0)) await store.flush();
    return store;
  } catch (err) {
    persister?.cancel();
    db?.close();
    await releaseLock();
    if (err instanceof StateStoreUnusableError && file && !err.message.includes(file)) throw new StateStoreUnusableError(`${file}: ${err.message}`);
    throw err;
  }
}
