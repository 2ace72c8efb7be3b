// Playwright helpers to drive the code-server workbench the way a person does.
// test/vscode/run.mjs starts code-server with Notion Sync installed and runs
// the specs with these variables set:
//   E2E_URL          workbench URL with ?folder=<workspace>
//   E2E_WORKSPACE    the workspace folder on disk (create/edit files there)
//   E2E_SCREENSHOTS  folder for step screenshots (.test-output/screenshots)
//   E2E_USER_DATA    code-server's user data dir (logs, workspaceStorage)
//   E2E_OUTPUT       folder for figures the harness prints (.test-output/vscode)
//
// Typical use in a spec (mocha + playwright-core, no @playwright/test):
//
//   let wb: Workbench;
//   before(async () => { wb = await Workbench.open(); });
//   after(async () => { await wb?.close(); });
//   it('syncs', async () => {
//     await wb.openViewContainer('Notion Sync');
//     await wb.runCommand('Notion Sync: Set API Token');
//     await wb.typeInQuickInput('secret_x', { submit: true });
//     await wb.runCommand('Notion Sync: Add Root');
//     await wb.pickQuickItem('Team Handbook');
//     await wb.runCommand('Notion Sync: Sync Now');
//     await wb.waitForTreeItem('Documents', 'Onboarding');
//     await wb.openFile('notion/Onboarding.md'); await wb.typeInEditor('local edit'); await wb.save();
//     await wb.waitForTreeItem('Conflicts', 'Onboarding');
//     await wb.clickTreeItemAction('Conflicts', 'Onboarding', 'Compare with Notion');
//     await wb.waitForDiffEditor();
//     await wb.runCommand('Notion Sync: Accept Notion Version');
//     expect(await wb.readNotifications()).toContain(...);
//     await wb.screenshot('conflict resolved');
//   });
//
// Helpers (all wait with Playwright's auto-waiting, default timeout 20 s):
//   Workbench.open(url?)                  new Chromium page on the workbench, waits until it is idle
//   wb.runCommand(title)                  F1, type the title, pick the exact row, Enter
//   wb.paletteRows(query)                 aria-labels of the F1 rows matching `query` (palette left open)
//   wb.typeInQuickInput(text, {submit})   type into the open quick input / input box (Enter if submit)
//   wb.quickInputRows()                   aria-labels of the rows of the open quick pick
//   wb.pickQuickItem(label)               click the quick pick row whose label matches (string or RegExp)
//   wb.openViewContainer(title)           click an activity-bar icon (e.g. 'Notion Sync'), wait for its sidebar
//   wb.waitForSidebarIdle()               wait until no sidebar view shows its progress bar
//   wb.viewPane(name) / wb.expandView(name)  a sidebar section (Documents, Queue, Conflicts) / open it
//   wb.waitForTreeItem(view, label)       wait for a tree row in a view, returns its Locator
//   wb.treeItems(view)                    aria-labels of the visible rows of a view's tree
//   wb.clickTreeItemAction(view, label, action)  hover a row, click its inline action by title
//   wb.welcomeButton(view, text)          a button of a view's welcome content
//   wb.readNotifications()                texts of the visible notification toasts
//   wb.waitForNotification(text)          wait until a toast contains `text`, returns its Locator
//   wb.dismissNotifications()             clear all notifications
//   wb.openFile(relPath)                  Ctrl+P quick open, waits for the editor tab
//   wb.typeInEditor(text) / wb.save()     type into the active editor / Ctrl+S
//   wb.waitForDiffEditor()                wait for a side-by-side diff editor
//   wb.screenshot(step)                   numbered PNG in E2E_SCREENSHOTS, returns its path
//   screenshotOnFailure(() => wb)         mocha afterEach: a 'failed-…' screenshot of each failing test
// On disk, outside the UI (the emulator-driven flows need these):
//   workspacePath(rel)                    absolute path of a workspace file (edit it "outside VS Code")
//   writeWorkspaceSettings(settings)      merge into <workspace>/.vscode/settings.json (e.g. notionSync.apiBaseUrl
//                                         pointing at the emulator); the workbench picks it up live
//   readOutputLog(channel)                text of an output channel's log file (e.g. 'Notion Sync'), '' if none
//
// Each Workbench.open() is a fresh browser profile: state the web workbench keeps
// in the browser (possibly SecretStorage, hence the token) does not carry over
// from one open() to the next; keep a whole flow (token → root → sync) in one.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// The same flags the demo uses (scripts/code-server.mjs): one list in scripts/chromium-args.json.
export const CHROMIUM_ARGS: string[] = JSON.parse(readFileSync(path.join(__dirname, '../../scripts/chromium-args.json'), 'utf8')) as string[];

const TIMEOUT = 20_000;
let shotCounter = 0;

export function env(name: 'E2E_URL' | 'E2E_WORKSPACE' | 'E2E_SCREENSHOTS' | 'E2E_USER_DATA' | 'E2E_OUTPUT'): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the specs through test/vscode/run.mjs (npm test)`);
  return value;
}

export class Workbench {
  /** Every URL the page requested, from before the workbench loaded (the offline check reads it). */
  readonly requests: string[] = [];

  private constructor(
    readonly browser: Browser,
    readonly page: Page,
    readonly prefix: string,
  ) {
    page.on('request', (r) => this.requests.push(r.url()));
  }

  /** Opens the workbench in a fresh Chromium and waits until the extension host is up. */
  static async open(options: { url?: string; prefix?: string } = {}): Promise<Workbench> {
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: process.env.HEADED !== '1', args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(TIMEOUT);
    const wb = new Workbench(browser, page, options.prefix ?? 'e2e');
    await page.goto(options.url ?? env('E2E_URL'));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The activity bar entry of an extension's container appears once the
    // extension host has registered the installed extensions.
    await page.locator('.activitybar a.action-label[aria-label^="Notion Sync"]').waitFor({ timeout: 60_000 });
    return wb;
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  // --- quick input (F1 palette, quick picks, input boxes) -------------------

  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  private async openPalette(query: string): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('F1');
    const input = this.quickInput.locator('input.input');
    await input.waitFor({ state: 'visible' });
    // F1 pre-fills '>' (commands mode); keep it and type the title after it.
    await input.fill(`>${query}`);
  }

  /** Aria-labels of the command palette rows for `query`; leaves the palette open. */
  async paletteRows(query: string): Promise<string[]> {
    await this.openPalette(query);
    await this.quickInput.locator('.quick-input-list .monaco-list-row').first().waitFor();
    return this.quickInputRows();
  }

  /** Runs a command by its palette title, e.g. 'Notion Sync: Show Sync Log'. */
  async runCommand(title: string): Promise<void> {
    await this.openPalette(title);
    const row = this.quickInput.locator('.quick-input-list .monaco-list-row').filter({ has: this.page.locator('.label-name', { hasText: exact(title) }) });
    await row.first().waitFor();
    await row.first().click();
    await this.quickInput.waitFor({ state: 'hidden', timeout: 3000 }).catch(() => {
      // Commands that open their own quick input keep the widget visible.
    });
  }

  /** Aria-labels of the rows of the open quick pick. */
  async quickInputRows(): Promise<string[]> {
    const rows = this.quickInput.locator('.quick-input-list .monaco-list-row');
    return rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''));
  }

  /** Types into the open quick input (an input box or a quick pick's filter). */
  async typeInQuickInput(text: string, options: { submit?: boolean } = {}): Promise<void> {
    const input = this.quickInput.locator('input.input');
    await input.waitFor({ state: 'visible' });
    await input.fill(text);
    if (options.submit) await input.press('Enter');
  }

  /** Clicks the quick pick row whose label matches. */
  async pickQuickItem(label: string | RegExp): Promise<void> {
    const row = this.quickInput
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: typeof label === 'string' ? exact(label) : label }) });
    await row.first().click();
  }

  // --- sidebar, views, trees --------------------------------------------------

  /** Clicks an activity-bar icon by its title and waits for its sidebar. */
  async openViewContainer(title: string): Promise<void> {
    const iconSelector = `a.action-label[aria-label^="${cssString(title)}"]`;
    const icon = this.page.locator(`.activitybar ${iconSelector}`);
    const tab = this.page.locator('.activitybar li.action-item', { has: this.page.locator(iconSelector) });
    if ((await tab.getAttribute('aria-selected')) !== 'true') await icon.click();
    await this.page.locator('.part.sidebar .composite.title h2', { hasText: new RegExp(escapeRegExp(title), 'i') }).waitFor();
    await this.waitForSidebarIdle();
  }

  /** Waits until no view in the sidebar shows its progress bar (views still loading). */
  async waitForSidebarIdle(timeoutMs = 10_000): Promise<void> {
    await this.page
      .locator('.part.sidebar .monaco-progress-container.active')
      .first()
      .waitFor({ state: 'hidden', timeout: timeoutMs })
      .catch(() => undefined); // a view that keeps spinning is the spec's to assert, not this helper's
  }

  /** A view's section in the sidebar (header + body), by the view's name. */
  viewPane(name: string): Locator {
    return this.page.locator('.part.sidebar .pane').filter({ has: this.page.locator('.pane-header h3.title', { hasText: exact(name) }) });
  }

  /** Expands a collapsed sidebar section. */
  async expandView(name: string): Promise<Locator> {
    const pane = this.viewPane(name);
    const header = pane.locator('.pane-header');
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    await pane.locator('.pane-body').waitFor();
    return pane;
  }

  /** A button of a view's welcome content (e.g. 'Set API Token'). */
  welcomeButton(view: string, text: string): Locator {
    return this.viewPane(view).locator('.welcome-view-content').getByRole('button', { name: text });
  }

  /** Waits for a tree row whose label matches, in a view; expands the view first. */
  async waitForTreeItem(view: string, label: string | RegExp, options: { timeoutMs?: number } = {}): Promise<Locator> {
    const pane = await this.expandView(view);
    const row = pane
      .locator('.monaco-list-row')
      .filter({ has: this.page.locator('.label-name, .monaco-highlighted-label', { hasText: typeof label === 'string' ? exact(label) : label }) })
      .first();
    await row.waitFor({ timeout: options.timeoutMs ?? TIMEOUT });
    return row;
  }

  /** Aria-labels of the rows currently rendered in a view's tree. */
  async treeItems(view: string): Promise<string[]> {
    const pane = await this.expandView(view);
    return pane.locator('.monaco-list-row').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  }

  /** Hovers a tree row and clicks one of its inline actions by title. */
  async clickTreeItemAction(view: string, label: string | RegExp, action: string): Promise<void> {
    const row = await this.waitForTreeItem(view, label);
    await row.hover();
    await row.locator(`.actions a.action-label[aria-label^="${cssString(action)}"]`).click();
  }

  // --- notifications ----------------------------------------------------------

  get notifications(): Locator {
    return this.page.locator('.notifications-toasts .notification-toast');
  }

  /** Messages of the visible notification toasts (with their source when shown). */
  async readNotifications(): Promise<string[]> {
    return this.notifications.evaluateAll((els) =>
      els.map((e) => {
        const message = e.querySelector('.notification-list-item-message')?.textContent ?? '';
        const source = e.querySelector('.notification-list-item-source')?.textContent ?? '';
        return source ? `${message} (${source})` : message;
      }),
    );
  }

  async waitForNotification(text: string | RegExp, options: { timeoutMs?: number } = {}): Promise<Locator> {
    const toast = this.notifications.filter({ hasText: text }).first();
    await toast.waitFor({ timeout: options.timeoutMs ?? TIMEOUT });
    return toast;
  }

  async dismissNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
  }

  // --- editors ----------------------------------------------------------------

  /** Opens a workspace file with Quick Open and waits for its tab. */
  async openFile(relativePath: string): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Control+P');
    await this.typeInQuickInput(relativePath);
    await this.quickInput.locator('.quick-input-list .monaco-list-row').first().waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tabs-container .tab.active', { hasText: path.basename(relativePath) }).waitFor();
  }

  /** Types at the cursor of the active editor. */
  async typeInEditor(text: string): Promise<void> {
    // Focusing the hidden textarea does not reach the model in code-server 1.139; a click on the text does.
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await this.page.keyboard.type(text);
  }

  async save(): Promise<void> {
    await this.page.keyboard.press('Control+S');
  }

  async waitForDiffEditor(): Promise<Locator> {
    const diff = this.page.locator('.monaco-diff-editor').first();
    await diff.waitFor();
    return diff;
  }

  // --- evidence -----------------------------------------------------------------

  /** Saves a numbered screenshot of the whole window, e.g. 03-e2e-views.png. */
  async screenshot(step: string): Promise<string> {
    const dir = env('E2E_SCREENSHOTS');
    mkdirSync(dir, { recursive: true });
    shotCounter += 1;
    const name = `${String(shotCounter).padStart(2, '0')}-${this.prefix}-${step.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}.png`;
    const file = path.join(dir, name);
    await this.page.screenshot({ path: file });
    return file;
  }
}

/** Absolute path of a file in the test workspace. */
export function workspacePath(relativePath: string): string {
  return path.join(env('E2E_WORKSPACE'), relativePath);
}

/** Merges settings into the workspace's .vscode/settings.json. */
export function writeWorkspaceSettings(settings: Record<string, unknown>): void {
  const file = workspacePath('.vscode/settings.json');
  const current = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...current, ...settings }, null, 2)}\n`);
}

/** Points the workspace at a Notion API with background polls off; returns what puts its settings back. */
export function pointWorkspaceAt(apiBaseUrl: string): () => void {
  const file = workspacePath('.vscode/settings.json');
  const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  writeWorkspaceSettings({ 'notionSync.apiBaseUrl': apiBaseUrl, 'notionSync.pollIntervalSeconds': 0 });
  return () => (before === undefined ? rmSync(file, { force: true }) : writeFileSync(file, before));
}

/** Every file below `dir`, none when it does not exist (backups sit in timestamped folders). */
export function filesBelow(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesBelow(p) : [p];
  });
}

/** The newest log file of an output channel (LogOutputChannel) in code-server's logs, as text. */
export function readOutputLog(channel: string): string {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(`${channel}.log`)) found.push(p);
    }
  };
  const logs = path.join(env('E2E_USER_DATA'), 'logs');
  if (existsSync(logs)) walk(logs);
  const newest = found.sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs).at(-1);
  return newest ? readFileSync(newest, 'utf8') : '';
}

/** Registers a mocha afterEach that screenshots the window when a test failed. */
export function screenshotOnFailure(get: () => Workbench | undefined): void {
  afterEach(async function () {
    const wb = get();
    const test = this.currentTest;
    if (wb && test?.state === 'failed') await wb.screenshot(`failed ${test.title}`).catch(() => undefined);
  });
}

/** A RegExp matching exactly `text` (Playwright's hasText string is a substring match). */
export function exact(text: string): RegExp {
  return new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function cssString(text: string): string {
  return text.replace(/["\\]/g, '\\$&');
}
