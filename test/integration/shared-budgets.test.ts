// The folders of a multi-root window that use one token draw from one request
// budget (Notion counts the integration's requests, not each folder's): the
// gateways of two folders, built the way the extension builds them, against the
// emulator's per-token window.
import assert from 'node:assert/strict';
import { startEmulator, DEMO_IDS, type RunningEmulator } from '../../src/emulator/server';
import { EmulatorControl } from '../../src/emulator/controlClient';
import { buildGateway } from '../../src/sync/engine/connection';
import type { Logger } from '../../src/sync/logger';
import { SharedBudgets } from '../../src/providers/sharedBudgets';

function recorder(): { logger: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const none = () => undefined;
  return { warnings, logger: { trace: none, debug: none, info: none, warn: (m) => void warnings.push(String(m)), error: none } };
}

describe('one request budget per token across folders', function () {
  this.timeout(60_000);
  let emu: RunningEmulator;
  let control: EmulatorControl;

  before(async () => {
    emu = await startEmulator({ seed: 'demo' });
    control = new EmulatorControl(emu.baseUrl);
    await control.setKnobs({ requestsPerMinute: 8 });
    await control.advanceClock(3_600_000);
  });
  after(() => emu.close());

  it('two folders with one token spend one budget: 4 + 4 requests fill a budget of 8, Notion answers no 429, and the next request waits for the window', async () => {
    const { logger } = recorder();
    const budgets = new SharedBudgets(logger);
    const a = budgets.lease('secret_shared', emu.baseUrl, 8, '/work/a');
    const b = budgets.lease('secret_shared', emu.baseUrl, 8, '/work/b');
    assert.equal(a.limiter, b.limiter, 'the same limiter');
    assert.equal(budgets.size, 1);
    const gateA = buildGateway({ token: 'secret_shared', baseUrl: emu.baseUrl, logger, limiter: a.limiter });
    const gateB = buildGateway({ token: 'secret_shared', baseUrl: emu.baseUrl, logger, limiter: b.limiter });
    await Promise.all([...Array.from({ length: 4 }, () => gateA.getPage(DEMO_IDS.rootPage)), ...Array.from({ length: 4 }, () => gateB.getPage(DEMO_IDS.rootPage))]);
    assert.equal(gateA.rateLimit.inWindow, 8, 'folder A sees folder B’s requests in its window');
    assert.equal(gateB.rateLimit.inWindow, 8);
    const log = await control.requests();
    assert.deepEqual(log.filter((r) => r.status === 429), [], 'no request went over Notion’s budget');
    assert.ok(a.limiter.reserve() > 50_000, 'a ninth request of either folder waits for the window to turn');

    const other = budgets.lease('secret_other', emu.baseUrl, 8, '/work/c');
    assert.notEqual(other.limiter, a.limiter, 'another token has its own budget');
    other.release();
    a.release();
    a.release(); // twice is harmless
    assert.equal(budgets.size, 1, 'held while folder B is open');
    b.release();
    assert.equal(budgets.size, 0, 'gone once no folder holds it');
    assert.notEqual(budgets.lease('secret_shared', emu.baseUrl, 8, '/work/a').limiter, a.limiter, 'a folder opening later starts a fresh budget');
  });

  it('a folder asking another size gets the shared one, and the log says why', () => {
    const { logger, warnings } = recorder();
    const budgets = new SharedBudgets(logger);
    const a = budgets.lease('secret_x', emu.baseUrl, 600, '/work/a');
    const b = budgets.lease('secret_x', emu.baseUrl, 180, '/work/b');
    assert.equal(b.limiter.ceiling, 600);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /\/work\/b: requestsPerMinute 180 ignored: this token's budget of 600\/minute is shared/);
    assert.doesNotMatch(warnings[0], /secret_x/, 'the token never reaches the log');
    a.release();
    b.release();
  });
});
