// Saves of synced files the engine has not compared yet. The editor reports a
// save at once; the engine compares the file only on its next scan. Until then
// the file shows as modified everywhere (see fileStates.ts), and the entry
// lapses by itself once the engine has recorded a newer hash for the file.
import type { StateStore } from '../store/stateStore';
import { fileHash } from './render';

export class SavedEdits {
  /** Workspace-relative path → the mapping's localHash when the save was seen. */
  private readonly saved = new Map<string, string | null>();

  constructor(private readonly store: StateStore) {}

  /** Records a save of `rel` holding `text`; true when the file's shown state changes. */
  note(rel: string, text: string): boolean {
    const map = this.store.getMapByPath(rel);
    if (!map) return false;
    const had = this.saved.has(rel);
    if (map.localHash !== null && fileHash(text) !== map.localHash) this.saved.set(rel, map.localHash);
    else this.saved.delete(rel);
    return had !== this.saved.has(rel);
  }

  /** Paths saved with edits since their last sync. */
  paths(): ReadonlySet<string> {
    for (const [rel, hashAtSave] of this.saved) {
      // The engine has compared the file since: its own state is current.
      if (this.store.getMapByPath(rel)?.localHash !== hashAtSave) this.saved.delete(rel);
    }
    return new Set(this.saved.keys());
  }
}
