import assert from 'node:assert/strict';
import { adviceFor, SetupRequiredError } from '../../../src/providers/errorAdvice';
import { NotionAuthError, NotionUnavailableError } from '../../../src/sync/notion/errors';
import { SettingsError } from '../../../src/sync/settings';

describe('command error advice', () => {
  it('offers Set API Token for a refused token', () => {
    const a = adviceFor('Sync', new NotionAuthError('API token is invalid.', { status: 401 }));
    assert.deepEqual(a.actions, ['Set API Token', 'Show Log']);
    assert.match(a.message, /^Sync failed: Notion refused the API token/);
  });

  it('offers Retry when Notion is unavailable, Open Settings for bad settings, the named step for setup', () => {
    assert.deepEqual(adviceFor('Sync', new NotionUnavailableError('503')).actions, ['Retry', 'Show Log']);
    assert.deepEqual(adviceFor('Sync', new SettingsError('bad folder')).actions, ['Open Settings']);
    const setup = adviceFor('Sync', new SetupRequiredError('Choose a root first.', 'Add Root'));
    assert.deepEqual(setup, { message: 'Choose a root first.', actions: ['Add Root'], silent: false });
  });

  it('stays silent on cancellation and shows the log for anything else', () => {
    const abort = new Error('aborted');
    abort.name = 'AbortError';
    assert.equal(adviceFor('Sync', abort).silent, true);
    assert.deepEqual(adviceFor('Sync', new Error('disk full')).actions, ['Show Log']);
  });
});
