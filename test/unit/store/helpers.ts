import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStateStore, type StateStore, type StateStoreOptions } from '../../../src/sync/store';

/** A settable clock starting at a fixed instant. */
export class FakeClock {
  constructor(public t = Date.UTC(2026, 0, 1)) {}
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

/** A deterministic [0,1) sequence (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function memoryStore(options: StateStoreOptions = {}): Promise<{ store: StateStore; clock: FakeClock }> {
  const clock = new FakeClock();
  const store = await openStateStore({ now: clock.now, random: () => 0.5, ...options });
  return { store, clock };
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'notion-sync-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
