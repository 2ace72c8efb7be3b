// The CLI refuses unsafe setups with exit 2 and a fix, never a stack trace:
// a sync folder inside .git or .notion-sync, a state database of a newer
// schema, a folder where the state file should be, a database another process holds.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import initSqlJs from 'sql.js';
import { runCli } from './support/cliProcess';

const ROOT_ID = '1a2b3c4d-0000-4000-8000-00000000a001';
const cli = (args: string[]) => runCli(args, { NOTION_TOKEN: 'secret_cli_safety' });

function assertCleanRefusal(r: { code: number | null; stderr: string }, fix: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, fix);
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
}

describe('cli: unsafe setups exit 2 with a fix', function () {
  this.timeout(90_000);
  let ws: string;
  beforeEach(async () => {
    ws = await mkdtemp(path.join(os.tmpdir(), 'ns-cli-safety-'));
  });
  afterEach(() => rm(ws, { recursive: true, force: true }));

  for (const folder of ['.git', '.notion-sync', '../outside', '.git/notion']) {
    it(`--folder ${folder} is refused`, async () => {
      const r = await cli(['status', '--workspace', ws, '--root', ROOT_ID, '--folder', folder]);
      assertCleanRefusal(r, /"folder" must be a subfolder of the workspace/);
    });
  }

  it('a state database of a newer schema is refused, untouched, with what to do', async () => {
    const SQL = await initSqlJs();
    const future = new SQL.Database();
    future.exec('PRAGMA user_version = 999');
    const bytes = future.export();
    future.close();
    const state = path.join(ws, '.notion-sync', 'state.sqlite');
    await mkdir(path.dirname(state), { recursive: true });
    await writeFile(state, bytes);
    const r = await cli(['status', '--workspace', ws]);
    assertCleanRefusal(r, /newer than this build.*update Notion Sync/s);
  });

  it('a folder where the state file should be is refused with what to do', async () => {
    await mkdir(path.join(ws, '.notion-sync', 'state.sqlite'), { recursive: true });
    const r = await cli(['status', '--workspace', ws]);
    assertCleanRefusal(r, /is a folder, not the state database.*--state/s);
  });

  it('a file where the state folder should be is refused with what to do', async () => {
    await writeFile(path.join(ws, '.notion-sync'), 'not a folder');
    const r = await cli(['status', '--workspace', ws]);
    assertCleanRefusal(r, /is not a folder.*--state/s);
  });
});
