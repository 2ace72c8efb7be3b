// Serialises work per key (a page id): a webhook and a poll for the same page,
// or two children reaching an unsynced parent, must not interleave their writes.
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.then(fn, fn);
    const tail = current.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await current;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

/**
 * Guards the folder tree: writes of single files share it, while moving or
 * trashing a folder takes it alone. A child written while its parent's folder
 * is being renamed would otherwise land in the old folder (a duplicate file).
 * A waiting exclusive section holds back new shared ones, so moves never starve.
 */
export class TreeLock {
  private active = 0;
  private exclusiveTail: Promise<void> = Promise.resolve();
  private drained: Array<() => void> = [];

  async shared<T>(fn: () => Promise<T>): Promise<T> {
    for (;;) {
      const tail = this.exclusiveTail;
      await tail;
      if (tail === this.exclusiveTail) break;
    }
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      if (this.active === 0) for (const wake of this.drained.splice(0)) wake();
    }
  }

  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.exclusiveTail;
    let release!: () => void;
    this.exclusiveTail = new Promise<void>((r) => (release = r));
    try {
      await previous;
      while (this.active > 0) await new Promise<void>((r) => this.drained.push(r));
      return await fn();
    } finally {
      release();
    }
  }
}
