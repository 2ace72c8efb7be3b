// The journal: appends are durable and grouped, a checkpoint empties it only
// when nothing came in meanwhile, and a torn last line is skipped on read.
import assert from 'node:assert/strict';
import { appendFile, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Journal } from '../../../src/sync/store/journal';
import { tempDir } from './helpers';

describe('store: journal', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('resolves each append once its record is in the file, and reads them back in order', async () => {
    const j = new Journal<{ n: number }>(path.join(dir, 'j.jsonl'));
    await Promise.all(Array.from({ length: 50 }, (_, n) => j.append({ n })));
    const text = await readFile(j.file, 'utf8');
    assert.equal(text.trim().split('\n').length, 50);
    assert.deepEqual((await j.read()).map((r) => r.n).sort((a, b) => a - b), Array.from({ length: 50 }, (_, n) => n));
    assert.deepEqual(await new Journal(path.join(dir, 'none.jsonl')).read(), []);
  });

  it('skips a torn last line', async () => {
    const j = new Journal<{ n: number }>(path.join(dir, 'j.jsonl'));
    await j.append({ n: 1 });
    await appendFile(j.file, '{"n": 2, "tor');
    assert.deepEqual(await j.read(), [{ n: 1 }]);
  });

  it('a checkpoint empties the file after the flush, unless something was appended while it flushed', async () => {
    const j = new Journal<{ n: number }>(path.join(dir, 'j.jsonl'));
    await j.append({ n: 1 });
    let flushes = 0;
    await j.checkpoint(async () => {
      flushes++;
      await j.append({ n: 2 }); // arrives while the database is being written: not in that flush
    });
    assert.deepEqual(await j.read(), [{ n: 1 }, { n: 2 }], 'kept: n=2 is not in the flushed database');
    await j.checkpoint(async () => void flushes++);
    assert.equal((await stat(j.file)).size, 0);
    await j.checkpoint(async () => void flushes++);
    assert.equal(flushes, 2, 'nothing new: no flush');
  });
});
