// The CLI remembers: `pull --root X` records X in notion-sync.json, later commands
// run without the flag, and `notion-sync roots` lists, adds and removes roots.
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEMO_IDS, startHarness, type Harness } from './support/engineHarness';
import { runCli as cli } from './support/cliProcess';

/**
 * One describe block's setup: an emulator and a workspace of its own (started
 * before its tests, closed after), the CLI's common flags, and notion-sync.json.
 */
function cliWorkspace(token: string) {
  const w = {
    h: undefined as unknown as Harness,
    base: [] as string[],
    env: { NOTION_TOKEN: token },
    configFile: () => path.join(w.h.workspace, 'notion-sync.json'),
    config: async () => JSON.parse(await readFile(w.configFile(), 'utf8')) as Record<string, unknown>,
  };
  before(async () => {
    w.h = await startHarness({ token });
    w.base = ['--workspace', w.h.workspace, '--api-url', w.h.emulator.baseUrl];
  });
  after(() => w.h.close());
  return w;
}

describe('cli: remembered roots', function () {
  this.timeout(90_000);
  const w = cliWorkspace('secret_cli_roots_token');
  const { env, configFile, config } = w;

  it('pull --root --no-save and --dry-run leave notion-sync.json alone', async () => {
    const dry = await cli(['pull', ...w.base, '--root', DEMO_IDS.rootPage, '--dry-run'], env);
    assert.equal(dry.code, 0, dry.stderr);
    const once = await cli(['pull', ...w.base, '--root', DEMO_IDS.rootPage, '--no-save'], env);
    assert.equal(once.code, 0, once.stderr);
    assert.doesNotMatch(once.stdout, /remembered/);
    await assert.rejects(readFile(configFile(), 'utf8'), /ENOENT/);
    const again = await cli(['sync', ...w.base], env);
    assert.equal(again.code, 2, 'without a remembered root, sync still asks for one');
    assert.match(again.stderr, /no roots: pass --root/);
  });

  it('pull --root records the root, says so, and keeps the other keys of the file', async () => {
    await writeFile(configFile(), JSON.stringify({ folder: 'notion', pollIntervalSeconds: 60 }));
    const url = `https://www.notion.so/Acme-Handbook-${DEMO_IDS.rootPage.replace(/-/g, '')}`;
    const r = await cli(['pull', ...w.base, '--root', url], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`remembered root ${DEMO_IDS.rootPage} in notion-sync\\.json: later commands run without --root`));
    assert.deepEqual(await config(), { folder: 'notion', pollIntervalSeconds: 60, roots: [DEMO_IDS.rootPage] });
    const twice = await cli(['pull', ...w.base, '--root', DEMO_IDS.rootPage], env);
    assert.equal(twice.code, 0, twice.stderr);
    assert.doesNotMatch(twice.stdout, /remembered/, 'a root already remembered is not announced again');
  });

  it('sync and status run without --root once it is remembered', async () => {
    await w.h.control.editPage(DEMO_IDS.engineeringPage, { appendMarkdown: 'new words from Notion\n' });
    const r = await cli(['sync', ...w.base], env);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /update\s+notion\/Acme Handbook\/Engineering\.md/);
    const status = await cli(['status', ...w.base], env);
    assert.equal(status.code, 0, status.stdout + status.stderr);
  });

  it('roots lists, adds and removes, with no token needed', async () => {
    const list = await cli(['roots', ...w.base], { NOTION_TOKEN: '' });
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, new RegExp(`roots \\(1\\): ${DEMO_IDS.rootPage}`));
    const add = await cli(['roots', 'add', DEMO_IDS.tasksDatabase, DEMO_IDS.rootPage, ...w.base], { NOTION_TOKEN: '' });
    assert.equal(add.code, 0, add.stderr);
    assert.match(add.stdout, new RegExp(`added ${DEMO_IDS.tasksDatabase} to notion-sync\\.json`));
    assert.match(add.stdout, new RegExp(`${DEMO_IDS.rootPage} was already in notion-sync\\.json`));
    assert.deepEqual((await config()).roots, [DEMO_IDS.rootPage, DEMO_IDS.tasksDatabase]);
    const json = await cli(['roots', '--json', ...w.base], { NOTION_TOKEN: '' });
    assert.deepEqual(JSON.parse(json.stdout), { roots: [DEMO_IDS.rootPage, DEMO_IDS.tasksDatabase] });
    const remove = await cli(['roots', 'remove', DEMO_IDS.rootPage.replace(/-/g, ''), ...w.base], { NOTION_TOKEN: '' });
    assert.equal(remove.code, 0, remove.stderr);
    assert.match(remove.stdout, new RegExp(`removed ${DEMO_IDS.rootPage} from notion-sync\\.json`));
    assert.match(remove.stdout, /files already pulled from removed roots stay where they are/);
    assert.deepEqual(await config(), { folder: 'notion', pollIntervalSeconds: 60, roots: [DEMO_IDS.tasksDatabase] });
  });

  it('refuses bad input with exit 2 and never rewrites a broken file', async () => {
    const notAnId = await cli(['roots', 'add', 'hello', ...w.base]);
    assert.equal(notAnId.code, 2);
    assert.match(notAnId.stderr, /"hello" is not a Notion page or database id or URL/);
    const noVerb = await cli(['roots', 'forget', DEMO_IDS.rootPage, ...w.base]);
    assert.equal(noVerb.code, 2);
    assert.match(noVerb.stderr, /expected list, add or remove/);
    const wrongPlace = await cli(['status', '--no-save', ...w.base]);
    assert.equal(wrongPlace.code, 2);
    await writeFile(configFile(), '{"roots": [');
    const broken = await cli(['roots', 'add', DEMO_IDS.rootPage, ...w.base]);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /is not valid JSON/);
    assert.equal(await readFile(configFile(), 'utf8'), '{"roots": [', 'the broken file is left for the user to fix');
    await rm(configFile());
  });
});

describe('cli: remembered mode and folder', function () {
  this.timeout(90_000);
  const w = cliWorkspace('secret_cli_flags_token');
  const { env, config } = w;

  it('a later sync without --folder leaves the tree where the pull put it (it used to move it all into notion/)', async () => {
    const pull = await cli(['pull', ...w.base, '--root', DEMO_IDS.rootPage, '--folder', 'docs'], env);
    assert.equal(pull.code, 0, pull.stderr);
    assert.match(pull.stdout, /remembered folder "docs" in notion-sync\.json: later commands use it without the flag/);
    assert.deepEqual(await config(), { roots: [DEMO_IDS.rootPage], folder: 'docs' });
    const sync = await cli(['sync', ...w.base], env);
    assert.equal(sync.code, 0, sync.stderr);
    assert.doesNotMatch(sync.stdout, /move/);
    assert.match(await readFile(path.join(w.h.workspace, 'docs/Acme Handbook.md'), 'utf8'), /title: Acme Handbook/);
  });

  it('publish mode says that local edits stay local; --mode bidirectional pushes them and is remembered (not with --no-save)', async () => {
    const file = path.join(w.h.workspace, 'docs/Acme Handbook/Engineering.md');
    await writeFile(file, `${await readFile(file, 'utf8')}\nWritten locally.\n`);
    const publish = await cli(['sync', ...w.base], env);
    assert.equal(publish.code, 0, publish.stderr);
    assert.match(publish.stdout, /1 file\(s\) edited locally stay local: publish mode keeps Notion as the truth \(--mode bidirectional sends/);
    const once = await cli(['sync', ...w.base, '--mode', 'bidirectional', '--no-save', '--dry-run'], env);
    assert.equal(once.code, 0, once.stderr);
    assert.equal((await config()).mode, undefined, '--no-save and --dry-run remember nothing');
    const bidi = await cli(['sync', ...w.base, '--mode', 'bidirectional'], env);
    assert.equal(bidi.code, 0, bidi.stderr);
    assert.match(bidi.stdout, /push\s+docs\/Acme Handbook\/Engineering\.md/);
    assert.match(bidi.stdout, /remembered mode bidirectional in notion-sync\.json/);
    assert.deepEqual(await config(), { roots: [DEMO_IDS.rootPage], folder: 'docs', mode: 'bidirectional' });
    await writeFile(file, `${await readFile(file, 'utf8')}\nWritten later.\n`);
    const later = await cli(['sync', ...w.base], env);
    assert.equal(later.code, 0, later.stderr);
    assert.match(later.stdout, /push\s+docs\/Acme Handbook\/Engineering\.md/, 'the remembered mode pushes without the flag');
    assert.doesNotMatch(later.stdout, /remembered|stay local/);
    assert.match((await w.h.control.getPage(DEMO_IDS.engineeringPage)).markdown, /Written later\./);
  });
});
