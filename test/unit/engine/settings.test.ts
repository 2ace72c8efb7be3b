import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { DEFAULT_SETTINGS, normaliseSettings, readWorkspaceConfig, SettingsError } from '../../../src/sync/settings';

describe('settings', () => {
  it('fills defaults', () => {
    assert.deepEqual(normaliseSettings({}), DEFAULT_SETTINGS);
  });

  it('matches the defaults the extension manifest declares', () => {
    const manifest = JSON.parse(readFileSync(path.join(__dirname, '../../../package.json'), 'utf8'));
    const props = manifest.contributes.configuration.properties;
    assert.equal(props['notionSync.mode'].default, DEFAULT_SETTINGS.mode);
    assert.deepEqual(props['notionSync.roots'].default, DEFAULT_SETTINGS.roots);
    assert.equal(props['notionSync.folder'].default, DEFAULT_SETTINGS.folder);
    assert.deepEqual(props['notionSync.include'].default, DEFAULT_SETTINGS.include);
    assert.deepEqual(props['notionSync.exclude'].default, DEFAULT_SETTINGS.exclude);
    assert.equal(props['notionSync.pollIntervalSeconds'].default, DEFAULT_SETTINGS.pollIntervalSeconds);
    assert.equal(props['notionSync.deleteThreshold'].default, DEFAULT_SETTINGS.deleteThreshold);
    assert.equal(props['notionSync.webhook.port'].default, DEFAULT_SETTINGS.webhook.port);
    assert.equal(props['notionSync.webhook.host'].default, DEFAULT_SETTINGS.webhook.host);
    assert.equal(props['notionSync.apiBaseUrl'].default, DEFAULT_SETTINGS.apiBaseUrl);
    assert.equal(props['notionSync.requestsPerMinute'].default, DEFAULT_SETTINGS.requestsPerMinute);
  });

  it('rejects a folder outside the workspace', () => {
    assert.throws(() => normaliseSettings({ folder: '../elsewhere' }), SettingsError);
    assert.throws(() => normaliseSettings({ folder: '/etc' }), SettingsError);
    assert.equal(normaliseSettings({ folder: './docs/notion/' }).folder, 'docs/notion');
  });

  it('rejects .git, .notion-sync, node_modules, the workspace itself and sneaky escapes, with the fix', () => {
    for (const bad of ['.git', '.git/notion', 'docs/.GIT', '.notion-sync', './.notion-sync/trash', 'node_modules/x', '.', './', 'a/../..', 'a/../../b', 'C:\\Users\\me', '\\\\server\\share', '']) {
      assert.throws(
        () => normaliseSettings({ folder: bad }),
        (e: unknown) => e instanceof SettingsError && /"folder" must be a subfolder of the workspace, such as "notion"/.test(e.message),
        bad,
      );
    }
    assert.equal(normaliseSettings({ folder: 'docs/./notion' }).folder, 'docs/notion');
    assert.equal(normaliseSettings({ folder: '.github-notes' }).folder, '.github-notes');
  });

  it('names the key and the fix in errors', () => {
    assert.throws(() => normaliseSettings({ mode: 'mirror' }), /"mode" must be "publish" or "bidirectional"/);
    assert.throws(() => normaliseSettings({ webhook: { port: 70000 } }), /webhook.port/);
    assert.throws(() => normaliseSettings({ requestsPerMinute: 0 }), /"requestsPerMinute" must be a whole number ≥ 1/);
    assert.throws(() => normaliseSettings({ requestsPerMinute: '600' }), /requestsPerMinute/);
    assert.equal(normaliseSettings({ requestsPerMinute: 600 }).requestsPerMinute, 600);
  });

  it('reads notion-sync.json and refuses unknown keys and bad JSON', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ns-settings-'));
    assert.deepEqual(await readWorkspaceConfig(dir), {});
    await writeFile(path.join(dir, 'notion-sync.json'), '{"roots": ["abc"], "folder": "docs"}');
    assert.deepEqual(normaliseSettings(await readWorkspaceConfig(dir)).roots, ['abc']);
    await writeFile(path.join(dir, 'notion-sync.json'), '{"root": "abc"}');
    await assert.rejects(readWorkspaceConfig(dir), /unknown key\(s\) root/);
    await writeFile(path.join(dir, 'notion-sync.json'), '{"roots": [');
    await assert.rejects(readWorkspaceConfig(dir), /not valid JSON/);
  });
});
