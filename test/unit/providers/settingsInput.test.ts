import assert from 'node:assert/strict';
import { settingsFromConfig, settingsFromSources, withoutRoot, withRoot } from '../../../src/providers/settingsInput';
import { DEFAULT_SETTINGS, SettingsError } from '../../../src/sync/settings';

const ID = '1234567890abcdef1234567890abcdef';
const DASHED = '12345678-90ab-cdef-1234-567890abcdef';

describe('settings from the notionSync.* configuration', () => {
  it('gives the defaults for an empty configuration', () => {
    assert.deepEqual(settingsFromConfig(() => undefined), DEFAULT_SETTINGS);
  });

  it('reads every key, the webhook ones nested', () => {
    const values: Record<string, unknown> = {
      mode: 'bidirectional',
      roots: [ID],
      folder: 'docs/notion/',
      pollIntervalSeconds: 0,
      deleteThreshold: 3,
      'webhook.enabled': true,
      'webhook.port': 0,
      apiBaseUrl: 'http://127.0.0.1:9000/',
      downloadExternalMedia: true,
    };
    const s = settingsFromConfig((k) => values[k]);
    assert.equal(s.downloadExternalMedia, true);
    assert.equal(s.mode, 'bidirectional');
    assert.deepEqual(s.roots, [ID]);
    assert.equal(s.folder, 'docs/notion');
    assert.equal(s.pollIntervalSeconds, 0);
    assert.deepEqual(s.webhook, { enabled: true, host: '127.0.0.1', port: 0 });
    assert.equal(s.apiBaseUrl, 'http://127.0.0.1:9000');
  });

  it('names the key at fault', () => {
    assert.throws(() => settingsFromConfig((k) => (k === 'folder' ? '../outside' : undefined)), (e: unknown) => e instanceof SettingsError && /folder/.test(e.message));
  });
});

describe('editing the roots list', () => {
  it('adds a root once, whatever form the id takes', () => {
    const first = withRoot([], `https://www.notion.so/Team-Handbook-${ID}`);
    assert.deepEqual(first, { roots: [DASHED], added: true });
    assert.deepEqual(withRoot(first.roots, ID), { roots: [DASHED], added: false });
    assert.throws(() => withRoot([], 'not an id'));
  });

  it('removes every entry naming the same id and keeps the others', () => {
    const other = 'abcdefabcdefabcdefabcdefabcdefab';
    assert.deepEqual(withoutRoot([ID, other, DASHED], DASHED), [other]);
    assert.deepEqual(withoutRoot(['odd', other], 'odd'), [other]);
  });
});

describe('settings from VS Code and the folder’s notion-sync.json together', () => {
  const OTHER = 'abcdefabcdefabcdefabcdefabcdefab';
  const source = (values: Record<string, unknown>) => ({ get: (k: string) => values[k], isSet: (k: string) => k in values });

  it('syncs the roots the CLI remembered beside the ones VS Code lists, each once', () => {
    const s = settingsFromSources(source({ roots: [ID] }), { roots: [DASHED, OTHER] });
    assert.deepEqual(s.roots, [ID, 'abcdefab-cdef-abcd-efab-cdefabcdefab']);
    assert.deepEqual(settingsFromSources(source({}), { roots: [OTHER] }).roots, ['abcdefab-cdef-abcd-efab-cdefabcdefab']);
  });

  it('takes a key from the file only while VS Code leaves it at its default', () => {
    const file = { folder: 'docs', mode: 'bidirectional', webhook: { port: 9000 } };
    const fromFile = settingsFromSources(source({}), file);
    assert.equal(fromFile.folder, 'docs');
    assert.equal(fromFile.mode, 'bidirectional');
    assert.equal(fromFile.webhook.port, 9000);
    const set = settingsFromSources(source({ folder: 'notion', 'webhook.port': 8000 }), file);
    assert.equal(set.folder, 'notion');
    assert.equal(set.webhook.port, 8000);
    assert.equal(set.mode, 'bidirectional');
  });

  it('names notion-sync.json when the file is at fault', () => {
    const named = (e: unknown) => e instanceof SettingsError && /notion-sync\.json/.test(e.message);
    assert.throws(() => settingsFromSources(source({}), { roots: ['not a page'] }), named);
    assert.throws(() => settingsFromSources(source({}), { folder: '../up' }), named);
  });
});
