import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { watchMarkdown } from '../../../src/sync/documents/watcher';

describe('watchMarkdown', () => {
  it('reports changed markdown files and media of pages in one batch, skipping engine and vendor folders', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'ns-watch-'));
    await mkdir(path.join(root, 'notes'), { recursive: true });
    await mkdir(path.join(root, 'node_modules'), { recursive: true });
    await mkdir(path.join(root, 'notes', 'a.media'), { recursive: true });
    const batches: string[][] = [];
    const w = watchMarkdown(root, (b) => batches.push(b), { debounceMs: 100 });
    try {
      await writeFile(path.join(root, 'notes', 'a.md'), 'one');
      await writeFile(path.join(root, 'notes', 'a.md'), 'two');
      await writeFile(path.join(root, 'b.md'), 'b');
      await writeFile(path.join(root, 'image.png'), 'x');
      await writeFile(path.join(root, 'notes', 'a.media', 'diagram.png'), 'y');
      await writeFile(path.join(root, 'node_modules', 'c.md'), 'c');
      const until = Date.now() + 5000;
      while (batches.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(batches[0], ['b.md', 'notes/a.md', 'notes/a.media/diagram.png']);
    } finally {
      w.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});
