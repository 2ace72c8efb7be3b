// An append-only file of JSON records beside the state database, for work that
// must be durable before it is acknowledged but is too small to pay for a
// flush of the whole database (a webhook delivery: the database is megabytes).
// append() resolves once the record is fsynced; records appended while a write
// is in flight go together in the next one (group commit), so a burst of
// deliveries costs a few fsyncs of a small file. A checkpoint flushes the
// database and then empties the file, if nothing was appended meanwhile. On
// open the records are read back and applied again (their consumer must be
// idempotent); a torn last line, from a crash in mid-write, is skipped.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { syncDir } from '../atomicFile';

interface Waiting {
  line: string;
  resolve: () => void;
  reject: (e: unknown) => void;
}

export class Journal<T> {
  private buffered: Waiting[] = [];
  private writing = false;
  /** Serialises appends and truncations on the file. */
  private ops: Promise<unknown> = Promise.resolve();
  private appended = 0;
  private checkpointed = 0;
  private timer: NodeJS.Timeout | undefined;
  private exists: boolean | undefined;

  constructor(readonly file: string) {}

  /** Resolves once the record is on disk. */
  append(record: T): Promise<void> {
    this.appended++;
    return new Promise<void>((resolve, reject) => {
      this.buffered.push({ line: `${JSON.stringify(record)}\n`, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.writing || this.buffered.length === 0) return;
    this.writing = true;
    const batch = this.buffered.splice(0);
    void this.serial(() => this.write(batch.map((w) => w.line).join('')))
      .then(
        () => batch.forEach((w) => w.resolve()),
        (e: unknown) => batch.forEach((w) => w.reject(e)),
      )
      .finally(() => {
        this.writing = false;
        this.pump();
      });
  }

  private serial<R>(fn: () => Promise<R>): Promise<R> {
    const next = this.ops.then(fn, fn);
    this.ops = next.catch(() => undefined);
    return next;
  }

  private async write(text: string): Promise<void> {
    if (this.exists === undefined) this.exists = await fs.stat(this.file).then(() => true, () => false);
    const fh = await fs.open(this.file, 'a', 0o600);
    try {
      await fh.writeFile(text);
      await fh.datasync();
    } finally {
      await fh.close();
    }
    // A new file's name must be durable too.
    if (!this.exists) await syncDir(path.dirname(this.file));
    this.exists = true;
  }

  /**
   * Makes what was appended so far durable elsewhere (`flush` writes the
   * database, which already holds it), then empties the file unless something
   * was appended meanwhile (a later checkpoint does it then).
   */
  async checkpoint(flush: () => Promise<void>): Promise<void> {
    const seq = this.appended;
    if (seq === this.checkpointed) return;
    await flush();
    await this.serial(async () => {
      if (this.appended !== seq) return;
      await fs.truncate(this.file, 0).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
      this.checkpointed = seq;
    });
  }

  /** A checkpoint in `delayMs` (one at a time); `onError` hears why one failed (the records stay in the file). */
  scheduleCheckpoint(flush: () => Promise<void>, delayMs: number, onError: (e: unknown) => void): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.checkpoint(flush)
        .catch(onError)
        .finally(() => {
          this.timer = undefined;
          if (this.appended !== this.checkpointed) this.scheduleCheckpoint(flush, delayMs, onError);
        });
    }, delayMs);
    this.timer.unref();
  }

  /** Stops the timer; the caller checkpoints once more before closing the database. */
  cancelCheckpoint(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The records in the file, in order; a line that does not parse (a torn last write) is skipped. */
  async read(): Promise<T[]> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const records: T[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        records.push(JSON.parse(line) as T);
      } catch {
        // torn by a crash mid-append: that record was never acknowledged
      }
    }
    return records;
  }
}
