// Runs due queue operations with a fixed number of workers until the queue is
// drained. An operation can queue more work (a database's refresh queues its
// rows), so a worker that finds the queue empty while others still run waits
// for them instead of leaving: otherwise the rows of a database were applied
// one at a time by the single worker that listed them.

export interface DrainOptions<Row> {
  /** Claims the next due row, or nothing when none is due. */
  claim: () => Row | undefined;
  /** Applies one row; resolves whether it succeeded. */
  run: (row: Row) => Promise<boolean>;
  concurrency: number;
  /** Stops claiming (running operations finish). */
  stopped: () => boolean;
  /** After each operation. */
  onDone?: (ok: boolean, row: Row) => void;
}

export async function drainQueue<Row>(opts: DrainOptions<Row>): Promise<void> {
  let busy = 0;
  const waiting: Array<() => void> = [];
  const wakeAll = () => {
    for (const wake of waiting.splice(0)) wake();
  };
  const worker = async (): Promise<void> => {
    while (!opts.stopped()) {
      const row = opts.claim();
      if (row === undefined) {
        // Nobody is running anything that could queue more: the queue is drained.
        if (busy === 0) return wakeAll();
        await new Promise<void>((resolve) => waiting.push(resolve));
        continue;
      }
      busy++;
      let ok = false;
      try {
        ok = await opts.run(row);
      } finally {
        busy--;
        opts.onDone?.(ok, row);
        wakeAll();
      }
    }
    wakeAll();
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, worker));
}
