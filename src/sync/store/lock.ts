// One process per state database. Each process keeps its own in-memory copy and
// flushes it whole, so two processes on one file (the extension and a CLI run
// on the same workspace) would silently overwrite each other's writes. A lock
// file beside the database, naming the holder's pid and host, prevents that; a
// lock whose process is gone (kill -9, crash) is taken over.
//
// Two rules make this hold when many processes start at once over a stale lock:
// - the lock file appears whole or not at all (written to a private temp file,
//   then hard-linked into place, which fails if a lock exists), so nobody ever
//   reads a half-written lock and mistakes it for a stale one;
// - a stale lock is removed only under a short "takeover" guard, after reading
//   it again under that guard. Without the guard, a process that judged the old
//   lock stale could delete the fresh lock a faster process had just taken.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class StateStoreLockedError extends Error {
  constructor(
    readonly lockPath: string,
    readonly holderPid: number,
    readonly holderHost: string,
    message = `the state database is in use by process ${holderPid} on ${holderHost} (lock ${lockPath}); ` +
      'close the other Notion Sync (VS Code window or CLI) first, or delete the lock file if that process no longer exists',
  ) {
    super(message);
    this.name = 'StateStoreLockedError';
  }
}

interface LockInfo {
  pid: number;
  host: string;
  since: string;
}

// Stores of this process share its lock (tests open one file twice).
const held = new Map<string, number>();
// Acquisitions in flight in this process, so two concurrent opens share one.
const acquiring = new Map<string, Promise<string>>();
// The content of each lock this process holds.
const mine = new Map<string, string>();

/** How long a lock that cannot be parsed (an older build's crash mid-write) must sit before it counts as stale. */
const TORN_GRACE_MS = 2_000;
/** A takeover guard this old belongs to a process that died inside a few-millisecond window. */
const GUARD_STALE_MS = 10_000;
/** How long a start keeps trying while others race for the lock or a torn one ages. */
const PATIENCE_MS = 5_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function code(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException)?.code;
}

type Observed = { kind: 'missing' } | { kind: 'live'; info: LockInfo } | { kind: 'stale'; raw: string } | { kind: 'unsure' };

/** What is at `lockPath` now, from this process's point of view. */
async function observe(lockPath: string, me: LockInfo): Promise<Observed> {
  let raw: string;
  let mtimeMs: number;
  try {
    [raw, { mtimeMs }] = await Promise.all([fsp.readFile(lockPath, 'utf8'), fsp.stat(lockPath)]);
  } catch (err) {
    if (code(err) === 'ENOENT') return { kind: 'missing' };
    throw err;
  }
  let info: Partial<LockInfo> | undefined;
  try {
    info = JSON.parse(raw) as Partial<LockInfo>;
  } catch {
    info = undefined;
  }
  if (!info || typeof info.pid !== 'number' || typeof info.host !== 'string') {
    return Date.now() - mtimeMs > TORN_GRACE_MS ? { kind: 'stale', raw } : { kind: 'unsure' };
  }
  const holder = { pid: info.pid, host: info.host, since: String(info.since) };
  if (holder.host !== me.host || (holder.pid !== process.pid && isAlive(holder.pid))) return { kind: 'live', info: holder };
  return { kind: 'stale', raw }; // its process is gone (or it is an earlier lock of this very pid, reused)
}

/** Creates `target` holding `content`, whole, or fails with EEXIST. */
async function createWhole(target: string, content: string): Promise<void> {
  const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await fsp.writeFile(tmp, content, { flag: 'wx', mode: 0o600 });
  try {
    await fsp.link(tmp, target);
  } catch (err) {
    if (!NO_HARD_LINKS.has(code(err) ?? '')) throw err;
    // FAT, exFAT, some network shares: an exclusive create; a reader that sees it
    // half-written waits (a torn lock counts as stale only once it is old).
    await fsp.writeFile(target, content, { flag: 'wx', mode: 0o600 });
  } finally {
    await fsp.rm(tmp, { force: true });
  }
}

const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/** Removes the stale lock whose text was `raw`, unless someone replaced it meanwhile. */
async function takeOver(lockPath: string, raw: string, me: LockInfo): Promise<void> {
  const guard = `${lockPath}.takeover`;
  try {
    await createWhole(guard, JSON.stringify(me));
  } catch (err) {
    if (code(err) !== 'EEXIST') throw err;
    // Another process is taking over; a guard left by a crash goes at once when
    // its process is gone, or once it is old (its holder may be on another host).
    if (await guardAbandoned(guard, me)) await fsp.rm(guard, { force: true });
    return;
  }
  try {
    const now = await fsp.readFile(lockPath, 'utf8').catch((e: unknown) => (code(e) === 'ENOENT' ? null : Promise.reject(e)));
    if (now === raw) await fsp.rm(lockPath, { force: true });
  } finally {
    await fsp.rm(guard, { force: true });
  }
}

/** True when the takeover guard belongs to a process of this host that no longer runs, or is older than any takeover takes. */
async function guardAbandoned(guard: string, me: LockInfo): Promise<boolean> {
  const [raw, st] = await Promise.all([fsp.readFile(guard, 'utf8').catch(() => null), fsp.stat(guard).catch(() => null)]);
  if (!st || raw === null) return false;
  if (Date.now() - st.mtimeMs > GUARD_STALE_MS) return true;
  let holder: Partial<LockInfo> | undefined;
  try {
    holder = JSON.parse(raw) as Partial<LockInfo>;
  } catch {
    return false; // written whole by link, so unparsable means an older build: wait for it to age
  }
  return typeof holder?.pid === 'number' && holder.host === me.host && holder.pid !== process.pid && !isAlive(holder.pid);
}

/** Removes temp files a killed process left while creating a lock (`state.sqlite.lock.<pid>.<hex>.tmp`, pid gone, file old). */
async function removeDeadTemps(lockPath: string): Promise<void> {
  const dir = path.dirname(lockPath);
  const prefix = `${path.basename(lockPath)}.`;
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const m = /^(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name.startsWith(prefix) ? name.slice(prefix.length) : '');
    if (!m || Number(m[1]) === process.pid || isAlive(Number(m[1]))) continue;
    // Old too, as a pid says nothing about another host sharing this folder.
    const st = await fsp.stat(path.join(dir, name)).catch(() => null);
    if (st && Date.now() - st.mtimeMs > GUARD_STALE_MS) await fsp.rm(path.join(dir, name), { force: true });
  }
}

/** Takes the lock file; returns its content (what release checks it still holds). */
async function acquireFirst(lockPath: string): Promise<string> {
  await removeDeadTemps(lockPath);
  const me: LockInfo = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
  const content = JSON.stringify(me);
  const deadline = Date.now() + PATIENCE_MS;
  while (Date.now() < deadline) {
    try {
      await createWhole(lockPath, content);
      return content;
    } catch (err) {
      if (code(err) !== 'EEXIST') throw err;
    }
    const seen = await observe(lockPath, me);
    if (seen.kind === 'live') throw new StateStoreLockedError(lockPath, seen.info.pid, seen.info.host);
    if (seen.kind === 'stale') await takeOver(lockPath, seen.raw, me);
    if (seen.kind !== 'missing') await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
  }
  // Many processes racing, or a takeover guard left by a crash (it expires): an answer, never a stack.
  throw new StateStoreLockedError(lockPath, -1, me.host, `the state database is being taken over by another Notion Sync process (lock ${lockPath}); try again in a few seconds`);
}

/** Takes the lock for this process; returns its release function. */
export async function acquireLock(dbPath: string): Promise<() => Promise<void>> {
  const lockPath = `${dbPath}.lock`;
  while (acquiring.has(lockPath)) await acquiring.get(lockPath)!.catch(() => undefined);
  if ((held.get(lockPath) ?? 0) === 0) {
    const pending = acquireFirst(lockPath);
    acquiring.set(lockPath, pending);
    try {
      mine.set(lockPath, await pending);
    } finally {
      acquiring.delete(lockPath);
    }
  }
  held.set(lockPath, (held.get(lockPath) ?? 0) + 1);
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    const left = (held.get(lockPath) ?? 1) - 1;
    if (left > 0) {
      held.set(lockPath, left);
      return;
    }
    held.delete(lockPath);
    const content = mine.get(lockPath);
    mine.delete(lockPath);
    // Only our own lock goes: never one another process took after judging ours stale.
    const now = await fsp.readFile(lockPath, 'utf8').catch(() => null);
    if (now === content) await fsp.rm(lockPath, { force: true });
  };
}
