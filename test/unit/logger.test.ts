import assert from 'node:assert/strict';
import { MemoryLogger, scoped, createLineLogger } from '../../src/sync/logger';

describe('logger', () => {
  it('prefixes lines with the component', () => {
    const mem = new MemoryLogger();
    scoped(mem, 'queue').info('processed', { id: 3 });
    assert.deepEqual(mem.lines, ['[info] [queue] processed {"id":3}']);
  });

  it('drops lines below the minimum level', () => {
    const lines: string[] = [];
    const log = createLineLogger((l) => lines.push(l), 'warn');
    log.info('quiet');
    log.warn('loud');
    assert.deepEqual(lines, ['[warn] loud']);
  });
});
