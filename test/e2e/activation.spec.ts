// Activation time as VS Code itself measures it (code loading + activate call),
// read from "Developer: Show Running Extensions" in the workbench, and written
// to .test-output/vscode/activation.json for the harness summary.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { env, readOutputLog, screenshotOnFailure, Workbench } from './workbench';

describe('Notion Sync activation, as the Running Extensions editor reports it', function () {
  let wb: Workbench;

  before(async () => {
    wb = await Workbench.open({ prefix: 'activation' });
  });
  after(async () => {
    await wb?.close();
  });
  screenshotOnFailure(() => wb);

  it('is activated on startup and reports its activation time', async () => {
    await wb.runCommand('Developer: Show Running Extensions');
    const row = wb.page.locator('.runtime-extensions-editor .monaco-list-row').filter({ has: wb.page.locator('.name', { hasText: /^Notion Sync$/ }) });
    const time = row.locator('.activation-time');
    await time.filter({ hasText: /Activation: \d+ms/ }).waitFor();
    const text = (await time.innerText()).trim();
    await wb.screenshot('running extensions');
    const ms = Number(/(\d+)ms/.exec(text)?.[1]);
    assert.ok(Number.isFinite(ms), `no activation time in "${text}"`);
    // A generous bound: the budget for a startup extension on this 2-core machine.
    assert.ok(ms < 2000, `activation took ${ms} ms`);
    const out = path.join(env('E2E_OUTPUT'), 'activation.json');
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify({ activationMs: ms, label: text, source: 'Developer: Show Running Extensions' })}\n`);
  });

  it('writes to its "Notion Sync" log output channel', () => {
    const text = readOutputLog('Notion Sync');
    assert.notEqual(text, '', 'no "Notion Sync" output channel log under the profile');
    assert.match(text, /\[info\]/);
  });
});
