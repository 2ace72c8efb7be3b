// Atomic file replacement and the debounced flush of the in-memory database.
// A reader (or a restart after kill -9) sees the old file or the new one, never
// a torn mix: bytes go to a temp file in the same directory, are fsynced, then
// renamed over the target, and the directory is fsynced so the rename sticks.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic as writeAtomic } from '../atomicFile';
import type { Logger } from '../logger';

const TEMP_MARK = '.tmp-';

export function tempPathFor(target: string): string {
  return `${target}${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** The state database's bytes, atomically; its temp name lets removeTempLeftovers find it after a crash. */
export function writeFileAtomic(target: string, bytes: Uint8Array): Promise<void> {
  return writeAtomic(target, bytes, { tempPath: tempPathFor(target), mode: 0o600 });
}

/** Removes temp files a crashed writer left beside target; returns their names. */
export async function removeTempLeftovers(target: string): Promise<string[]> {
  const dir = path.dirname(target);
  const prefix = path.basename(target) + TEMP_MARK;
  const removed: string[] = [];
  for (const name of await fsp.readdir(dir)) {
    if (!name.startsWith(prefix)) continue;
    await fsp.rm(path.join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

/** Renames an unreadable database out of the way; returns where it went. */
export async function moveAside(target: string, now: number): Promise<string> {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  let aside = `${target}.corrupt-${stamp}`;
  for (let n = 1; await exists(aside); n++) aside = `${target}.corrupt-${stamp}-${n}`;
  await fsp.rename(target, aside);
  return aside;
}

async function exists(p: string): Promise<boolean> {
  try {
    await fsp.access(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Batches writes: markDirty() arms one timer; when it fires the database is
 * exported and written atomically. Writes that land during a flush arm the
 * timer again. Only one file write runs at a time.
 */
export class FlushScheduler {
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private failures = 0;

  constructor(
    private readonly target: string | undefined,
    private readonly delayMs: number,
    private readonly exportBytes: () => Uint8Array,
    private readonly logger: Logger,
  ) {}

  get isDirty(): boolean {
    return this.dirty;
  }

  markDirty(): void {
    if (!this.target) return;
    this.dirty = true;
    this.arm();
  }

  private arm(): void {
    if (this.timer) return;
    // After failures (disk full, permissions) retry less and less often.
    const delay = this.failures === 0 ? this.delayMs : Math.min(30_000, this.delayMs * 2 ** this.failures);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch((err: unknown) => this.logger.error(`flush of ${this.target} failed (${this.failures}×); will retry`, err));
    }, delay);
    // An idle store must not keep a CLI alive; close() flushes what is left.
    this.timer.unref();
  }

  async flush(): Promise<void> {
    // Let a synchronous transaction that called us finish before exporting.
    await Promise.resolve();
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    while (this.running) await this.running.catch(() => undefined);
    if (!this.dirty || !this.target) return;
    this.running = this.writeOnce(this.target);
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private async writeOnce(target: string): Promise<void> {
    const started = performance.now();
    const bytes = this.exportBytes();
    this.dirty = false;
    try {
      await writeFileAtomic(target, bytes);
    } catch (err) {
      // Still dirty: a timer retries even when the failed flush was explicit.
      this.dirty = true;
      this.failures++;
      this.arm();
      throw err;
    }
    this.failures = 0;
    this.logger.trace(`flushed ${bytes.byteLength} bytes in ${(performance.now() - started).toFixed(1)} ms`);
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
