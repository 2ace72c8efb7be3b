// Shared by the reliability suite: the CLI run as a user runs it (and killed
// with SIGKILL on a timer), the checks made after every kill, and the counts
// each suite prints.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { parseDocument } from '../../src/sync/documents/frontmatter';
import { defaultStatePath } from '../../src/sync/engine/open';
import { nullLogger } from '../../src/sync/logger';
import { openStateStore } from '../../src/sync/store';
import { CLI } from '../integration/support/cliProcess';
import { listFiles, readText } from '../integration/support/engineHarness';


export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `notion-sync ARGS`, killed with SIGKILL after `killAfterMs` if still running. */
export function runCli(args: string[], killAfterMs?: number): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, NOTION_TOKEN: 'secret_reliability' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** After a kill: every markdown file is whole (frontmatter parses) and the state database opens as it was written. */
export async function assertIntact(workspace: string, when: string): Promise<void> {
  for (const f of (await listFiles(workspace)).filter((x) => x.endsWith('.md'))) {
    const doc = parseDocument(await readText(workspace, f), f);
    assert.ok(doc.ok, `${f} is torn ${when}`);
  }
  // Opened as the next run opens it (taking over the dead process's lock): an unreadable file would be moved aside.
  const store = await openStateStore({ path: defaultStatePath(workspace), logger: nullLogger });
  try {
    assert.equal(store.recoveredFromCorruption, false, `the state database was unreadable ${when}`);
    store.listMaps();
    store.queueCounts();
  } finally {
    await store.close();
  }
}

/** A random delay in [min, max) ms. */
export function between(min: number, max: number): number {
  return min + Math.floor(Math.random() * (max - min));
}

/** Prints a suite's counts as one table (the README's reliability table is made of these). */
export function printCounts(title: string, counts: Record<string, number | string>): void {
  console.log(`\n  ${title}`);
  for (const [k, v] of Object.entries(counts)) console.log(`    ${k.padEnd(46)} ${v}`);
}
