// One process per state database. Each process keeps its own in-memory copy and
// flushes it whole, so two processes on one file (the extension and a CLI run
// on the same workspace) would silently overwrite each other's writes. A lock
// file beside the database, naming the holder's pid and host, prevents that; a
// lock whose process is gone (kill -9, crash) is taken over.
import { promises as fsp } from 'node:fs';
import os from 'node:os';

export class StateStoreLockedError extends Error {
  constructor(
    readonly lockPath: string,
    readonly holderPid: number,
    readonly holderHost: string,
  ) {
    super(
      `the state database is in use by process ${holderPid} on ${holderHost} (lock ${lockPath}); ` +
        'close the other Notion Sync (VS Code window or CLI) first, or delete the lock file if that process no longer exists',
    );
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLock(lockPath: string): Promise<LockInfo | undefined> {
  try {
    const info = JSON.parse(await fsp.readFile(lockPath, 'utf8')) as Partial<LockInfo>;
    return typeof info.pid === 'number' && typeof info.host === 'string' ? { pid: info.pid, host: info.host, since: String(info.since) } : undefined;
  } catch {
    return undefined; // missing, or torn by a crash mid-write: not a live holder
  }
}

/** Takes the lock for this process; returns its release function. */
export async function acquireLock(dbPath: string): Promise<() => Promise<void>> {
  const lockPath = `${dbPath}.lock`;
  const count = held.get(lockPath) ?? 0;
  if (count === 0) {
    const me: LockInfo = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
    for (let attempt = 0; ; attempt++) {
      try {
        await fsp.writeFile(lockPath, JSON.stringify(me), { flag: 'wx', mode: 0o600 });
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      }
      const holder = await readLock(lockPath);
      if (holder && holder.pid !== process.pid && (holder.host !== me.host || isAlive(holder.pid))) {
        throw new StateStoreLockedError(lockPath, holder.pid, holder.host);
      }
      await fsp.rm(lockPath, { force: true }); // stale: its process is gone
    }
  }
  held.set(lockPath, count + 1);
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
    await fsp.rm(lockPath, { force: true });
  };
}
