// A dry run's view of the workspace: the files as the planned pull would leave
// them. Writes and moves are kept here instead of on disk, and later reads in
// the same run see them, so the plan reports what the real pull would do (a
// page refreshed twice is not a local edit the second time).
import { readWorkspaceText } from '../documents/workspaceFs';

export class PreviewFiles {
  private readonly written = new Map<string, string>();
  /** Moves, newest last: [to, from] of a file or a folder. */
  private readonly moves: Array<[string, string]> = [];

  write(rel: string, text: string): void {
    this.written.set(rel, text);
  }

  move(from: string, to: string): void {
    this.moves.push([to, from]);
  }

  async read(root: string, rel: string): Promise<string | null> {
    const own = this.written.get(rel);
    if (own !== undefined) return own;
    // Follow the newest move whose target holds rel back to where it came from.
    for (let i = this.moves.length - 1; i >= 0; i--) {
      const [to, from] = this.moves[i];
      if (rel === to) return this.read(root, from);
      if (rel.startsWith(`${to}/`)) return this.read(root, `${from}/${rel.slice(to.length + 1)}`);
    }
    return readWorkspaceText(root, rel);
  }
}
