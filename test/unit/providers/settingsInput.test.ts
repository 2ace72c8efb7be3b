import assert from 'node:assert/strict';
import { settingsFromConfig, withoutRoot, withRoot } from '../../../src/providers/settingsInput';
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
    };
    const s = settingsFromConfig((k) => values[k]);
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
