// The one-process lock under a crowd: many processes start at the same instant
// over a stale lock (its holder was killed). At most one holds the lock at any
// moment, and every other one gets StateStoreLockedError, never a raw EEXIST.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const LOCK_MODULE = path.join(__dirname, '../../src/sync/store/lock.ts');

// Each contender waits for the common start instant, takes the lock, proves it
// is alone by creating a marker file exclusively, holds it a moment, releases.
const CONTENDER = `(async () => {
const { appendFileSync, rmSync, writeFileSync } = require('node:fs');
const { acquireLock, StateStoreLockedError } = require(${JSON.stringify(LOCK_MODULE)});
const [db, log, startAt] = process.argv.slice(1);
while (Date.now() < Number(startAt)) await new Promise((r) => setImmediate(r));
try {
  const release = await acquireLock(db);
  try {
    writeFileSync(db + '.holder', String(process.pid), { flag: 'wx' });
  } catch {
    appendFileSync(log, 'OVERLAP ' + process.pid + '\\n');
    process.exit(3);
  }
  appendFileSync(log, 'held ' + process.pid + '\\n');
  await new Promise((r) => setTimeout(r, 100));
  rmSync(db + '.holder');
  await release();
  process.exit(0);
} catch (e) {
  process.stderr.write(e instanceof StateStoreLockedError ? e.message : String(e && e.stack));
  process.exit(e instanceof StateStoreLockedError ? 2 : 1);
}
})();
`;

interface Outcome {
  code: number | null;
  stderr: string;
}

function contend(db: string, log: string, startAt: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', CONTENDER, db, log, String(startAt)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stderr })); // 'close': after stderr is fully read ('exit' can come first under load)
  });
}

function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

describe('store lock: 20 processes at once over a stale lock', function () {
  this.timeout(180_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ns-lockrace-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const round of [1, 2]) {
    it(`round ${round}: never two holders; every loser exits 2 with a message`, async () => {
      const db = path.join(dir, 'state.sqlite');
      const log = path.join(dir, 'log.txt');
      writeFileSync(log, '');
      writeFileSync(`${db}.lock`, JSON.stringify({ pid: deadPid(), host: os.hostname(), since: new Date().toISOString() }));
      const startAt = Date.now() + 2500; // after every child has loaded
      const outcomes = await Promise.all(Array.from({ length: 20 }, () => contend(db, log, startAt)));
      const lines = readFileSync(log, 'utf8').trim().split('\n').filter(Boolean);
      assert.deepEqual(lines.filter((l) => l.startsWith('OVERLAP')), [], 'two processes held the lock at once');
      assert.ok(lines.length >= 1, 'someone took over the stale lock');
      for (const o of outcomes) {
        assert.ok(o.code === 0 || o.code === 2, `exit ${o.code}: ${o.stderr}`);
        if (o.code === 2) assert.match(o.stderr, /in use by process|being taken over/);
        assert.doesNotMatch(o.stderr, /EEXIST|ENOENT/);
      }
      assert.ok(!existsSync(`${db}.lock`), 'the last holder released it');
    });
  }
});
