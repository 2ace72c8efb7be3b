// The demo and the tests run offline: code-server is given no extension gallery
// (scripts/code-server.mjs), so neither the workbench nor the browser reaches
// for a marketplace, even when a person opens the Extensions view.
import assert from 'node:assert/strict';
import { screenshotOnFailure, Workbench } from './workbench';

const LOCAL = /^(https?|wss?):\/\/(127\.0\.0\.1|localhost)(:\d+)?\//;

describe('VS Code runs offline', function () {
  let wb: Workbench;

  before(async () => {
    wb = await Workbench.open({ prefix: 'offline' });
  });
  after(async () => {
    await wb?.close();
  });
  screenshotOnFailure(() => wb);

  it('has no extension gallery configured', async () => {
    const raw = await wb.page.locator('#vscode-workbench-web-configuration').getAttribute('data-settings');
    assert.ok(raw, 'the workbench page carries no configuration');
    const config = JSON.parse(raw) as { productConfiguration?: { extensionsGallery?: { serviceUrl?: string } } };
    assert.equal(config.productConfiguration?.extensionsGallery?.serviceUrl, undefined, raw.slice(0, 400));
  });

  it('requests nothing off this machine, even from the Extensions view', async () => {
    await wb.runCommand('View: Show Extensions');
    await wb.page.locator('.extensions-viewlet').waitFor();
    await wb.page.keyboard.type('markdown');
    await wb.page.waitForTimeout(3000);
    await wb.screenshot('extensions view offline');
    const remote = wb.requests.filter((u) => !LOCAL.test(u) && !u.startsWith('data:') && !u.startsWith('blob:'));
    assert.deepEqual(remote, [], 'requests that left the machine');
  });
});
