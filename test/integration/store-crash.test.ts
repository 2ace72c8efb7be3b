// Kills a writer with SIGKILL at random moments, many times, and checks after
// each kill that the database file is intact and holds every write the child
// reported as flushed. The child runs the bundled code (as dist/ does): schema
// inlined by the esbuild define, sql-wasm.wasm beside the script.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import initSqlJs from 'sql.js';

const KILLS = Number(process.env.STORE_CRASH_KILLS ?? 60);
const repo = path.resolve(__dirname, '../..');

function bundleChild(outDir: string): string {
  const schemaDir = path.join(repo, 'schema');
  const schema = Object.fromEntries(
    readdirSync(schemaDir)
      .filter((f) => f.endsWith('.sql'))
      .map((f) => [f, readFileSync(path.join(schemaDir, f), 'utf8')]),
  );
  const outfile = path.join(outDir, 'child.js');
  esbuild.buildSync({
    entryPoints: [path.join(__dirname, 'fixtures', 'store-crash-child.ts')],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
    define: { __NOTION_SYNC_SCHEMA__: JSON.stringify(schema) },
  });
  copyFileSync(require.resolve('sql.js/dist/sql-wasm.wasm'), path.join(outDir, 'sql-wasm.wasm'));
  return outfile;
}

interface RunResult {
  maxFlushed: number;
  ready: boolean;
  stderr: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

/** Starts the child, kills it after a random delay, returns what it reported. */
function runAndKill(script: string, file: string, killAfterReadyMs: number, killEarly: boolean): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, file, String(1 + Math.floor(Math.random() * 10))], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buffer = '';
    let stderr = '';
    let maxFlushed = 0;
    let ready = false;
    let timer: NodeJS.Timeout | undefined;
    const kill = () => child.kill('SIGKILL');
    if (killEarly) timer = setTimeout(kill, killAfterReadyMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      // Only whole lines count: a line cut by the kill was never fully reported.
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const [kind, , to] = line.split(' ');
        if (kind === 'READY') {
          ready = true;
          if (!killEarly) timer = setTimeout(kill, killAfterReadyMs);
        } else if (kind === 'F') {
          maxFlushed = Math.max(maxFlushed, Number(to));
        }
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ maxFlushed, ready, stderr, exitCode, signal });
    });
  });
}

describe('store: crash safety (SIGKILL at random moments)', function () {
  this.timeout(180_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'notion-sync-crash-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it(`survives ${KILLS} kills with no torn file and no lost flushed write`, async () => {
    const SQL = await initSqlJs();
    const script = bundleChild(dir);
    const file = path.join(dir, 'ws', 'state.sqlite');
    const started = Date.now();
    let durableMax = 0; // highest number any child reported flushed, across runs
    let tempSeen = 0;
    let earlyKills = 0;
    for (let i = 0; i < KILLS; i++) {
      const early = i % 6 === 5; // some kills land while the store is opening
      if (early) earlyKills++;
      const delay = early ? Math.floor(Math.random() * 150) : Math.floor(Math.random() * 250);
      const run = await runAndKill(script, file, delay, early);
      assert.equal(run.signal, 'SIGKILL', `run ${i} ended on its own: ${run.exitCode} ${run.stderr}`);
      durableMax = Math.max(durableMax, run.maxFlushed);

      const names = readdirSync(path.dirname(file));
      if (names.some((n) => n.includes('.tmp-'))) tempSeen++;
      assert.ok(!names.some((n) => n.includes('.corrupt-')), `run ${i}: a child found the file corrupt`);
      if (!existsSync(file)) {
        assert.equal(durableMax, 0, `run ${i}: file missing after flushed writes`);
        continue;
      }
      const db = new SQL.Database(readFileSync(file));
      try {
        // A torn file throws here ("malformed") rather than failing an assertion.
        const check = (() => {
          try {
            return String(db.exec('PRAGMA integrity_check')[0].values[0][0]);
          } catch (err) {
            return `unreadable: ${err instanceof Error ? err.message : String(err)}`;
          }
        })();
        assert.equal(check, 'ok', `run ${i}: integrity_check`);
        const nextRow = db.exec(`SELECT value FROM notion_config WHERE key = 'crashNext'`)[0];
        const next = nextRow ? Number(JSON.parse(String(nextRow.values[0][0]))) : 1;
        const count = Number(db.exec('SELECT COUNT(*) FROM binder_documents')[0].values[0][0]);
        // Transactions are all-or-nothing on disk: exactly rows 1..next-1.
        assert.equal(count, next - 1, `run ${i}: ${count} rows but crashNext=${next}`);
        const max = Number(db.exec(`SELECT MAX(CAST(substr(id, 2) AS INTEGER)) FROM binder_documents`)[0].values[0][0] ?? 0);
        assert.equal(max, next - 1);
        assert.ok(next - 1 >= durableMax, `run ${i}: flushed up to ${durableMax} but file holds only ${next - 1}`);
      } finally {
        db.close();
      }
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `      ${KILLS} kills (${earlyKills} during open) in ${seconds.toFixed(1)} s; ${durableMax} rows durably flushed; temp file present after ${tempSeen} kills (killed mid-write)`,
    );
    assert.ok(durableMax > 0, 'children made progress');
  });
});
