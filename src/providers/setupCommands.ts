// Connecting: Set API Token (checked with Notion before it is saved), Sign Out,
// Add Root (search Notion or paste an id/URL), Remove Root.
import * as vscode from 'vscode';
import { NotionAuthError } from '../sync/notion/errors';
import type { NotionGateway } from '../sync/notion/gateway';
import { parseNotionId, sameId } from '../sync/notion/ids';
import type { NotionDataSource, NotionPage, ResolvedRoot } from '../sync/notion/types';
import { workspaceEntryExists } from '../sync/documents/workspaceFs';
import { DEFAULT_SETTINGS, WORKSPACE_CONFIG_FILE } from '../sync/settings';
import { forgetRoots, rememberRoots } from '../sync/workspaceRoots';
import { isNode } from './commandArgs';
import { registerCommand } from './commandBoundary';
import { chosenSession, withSession } from './folderArgs';
import { COMMANDS, CONFIG_SECTION, TOKEN_ENV } from './constants';
import { SetupRequiredError } from './errorAdvice';
import type { Services, SharedServices } from './services';
import { withoutRoot, withRoot } from './settingsInput';

const SEARCH_LIMIT = 50;

export function registerSetupCommands(shared: SharedServices): vscode.Disposable[] {
  /** Roots belong to one folder: the one named (a Documents node, a folder URI), else the person picks. */
  const inChosen = (args: unknown[], run: (s: Services) => Promise<unknown>) =>
    chosenSession(shared.folders, args, 'The workspace folder whose Notion roots to change').then((session) => (session || !shared.folders.multiRoot ? run(withSession(shared, session)) : undefined));
  return [
    registerCommand(shared.logger, COMMANDS.setToken, 'Set API Token', (arg) => setToken(shared, typeof arg === 'string' ? arg : undefined)),
    registerCommand(shared.logger, COMMANDS.signOut, 'Sign Out', () => signOut(shared)),
    registerCommand(shared.logger, COMMANDS.addRoot, 'Add Root', (...args) => inChosen(args, (s) => addRoot(s, typeof args[0] === 'string' ? args[0] : undefined))),
    registerCommand(shared.logger, COMMANDS.removeRoot, 'Remove Root', (...args) => inChosen(args, (s) => removeRoot(s, args[0]))),
  ];
}

/** Resolves true when a token was checked and saved. `given` skips the input box (tests, scripts). */
async function setToken(s: SharedServices, given?: string): Promise<boolean> {
  const token = (
    given ??
    (await vscode.window.showInputBox({
      title: 'Notion Sync: API Token',
      prompt: 'Paste the Internal Integration Secret of your Notion integration (notion.so/profile/integrations). It is kept in secret storage.',
      placeHolder: 'ntn_… or secret_…',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() === '' ? 'The token is empty' : /\s/.test(v.trim()) ? 'A token has no spaces' : undefined),
    }))
  )?.trim();
  if (!token) return false;
  // Checked against the first folder's Notion (its apiBaseUrl as set now); the token serves every folder.
  const host = s.folders.fallback?.host;
  if (!host) throw new SetupRequiredError('Open a folder first: Notion Sync writes pages into the workspace.', 'Open Folder');
  const gateway = host.gatewayFor(token);
  let name: string;
  try {
    const me = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Notion Sync: checking the token with Notion…' },
      () => gateway.me(),
    );
    name = me.name;
  } catch (e) {
    if (!(e instanceof NotionAuthError)) throw e;
    s.logger.warn('[Token] Notion refused the token; it was not saved');
    void vscode.window
      .showErrorMessage('Notion did not accept this token, so it was not saved. Copy the whole Internal Integration Secret and try again.', 'Set API Token')
      .then((choice) => {
        if (choice) void vscode.commands.executeCommand(COMMANDS.setToken);
      });
    return false;
  }
  await s.tokens.store(token);
  await s.folders.reconfigure();
  s.logger.info(`[Token] token saved (integration "${name}")`);
  const next = s.folders.setup.hasRoots ? [] : ['Add Root'];
  void vscode.window.showInformationMessage(`Notion Sync is connected as ${name ? `"${name}"` : 'your integration'}.`, ...next).then((choice) => {
    if (choice) void vscode.commands.executeCommand(COMMANDS.addRoot);
  });
  return true;
}

async function signOut(s: SharedServices): Promise<void> {
  await s.tokens.delete();
  await s.folders.reconfigure();
  s.logger.info('[Token] token removed from secret storage');
  const env = await s.tokens.fromEnvironment();
  void vscode.window.showInformationMessage(
    env
      ? `Removed the stored token. ${TOKEN_ENV} is still set in this window's environment, so Notion Sync keeps using it.`
      : 'Signed out: the Notion token is removed from secret storage. Your files and sync state stay.',
  );
}

interface RootPick extends vscode.QuickPickItem {
  target: string;
}

function pickFor(result: NotionPage | NotionDataSource): RootPick {
  const isPage = result.object === 'page';
  return {
    label: result.title || 'Untitled',
    description: isPage ? 'page' : 'database',
    detail: result.url,
    iconPath: new vscode.ThemeIcon(isPage ? 'file' : 'database'),
    target: result.id,
  };
}

/** Pages and databases matching the query, those already synced left out; a failed search keeps what it found. */
async function searchRoots(gateway: NotionGateway, query: string, syncedIds: string[], signal: AbortSignal): Promise<{ found: RootPick[]; failure?: string }> {
  const found: RootPick[] = [];
  try {
    for await (const r of gateway.search({ query: query || undefined, signal })) {
      if (r.inTrash || syncedIds.some((id) => sameId(id, r.id))) continue;
      found.push(pickFor(r));
      if (found.length >= SEARCH_LIMIT) break;
    }
  } catch (e) {
    return { found, failure: e instanceof Error ? e.message : String(e) };
  }
  return { found };
}

/** Search Notion as the person types; a pasted id or URL is offered as is. Roots already synced are not offered. */
function pickRoot(gateway: NotionGateway, synced: readonly string[]): Promise<string | undefined> {
  const syncedIds = synced.map((r) => parseNotionId(r)).filter((id): id is string => id !== null);
  const qp = vscode.window.createQuickPick<RootPick>();
  qp.title = 'Notion Sync: Add Root';
  qp.placeholder = 'Search pages and databases shared with the integration, or paste a page URL or id';
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.ignoreFocusOut = true;
  let results: RootPick[] = [];
  let search: AbortController | undefined;
  let timer: NodeJS.Timeout | undefined;

  const render = () => {
    const typed = qp.value.trim();
    const pasted: RootPick[] = typed && parseNotionId(typed) ? [{ label: 'Use this id or URL', description: typed, alwaysShow: true, iconPath: new vscode.ThemeIcon('link'), target: typed }] : [];
    qp.items = [...pasted, ...results];
  };
  const run = (query: string) => {
    search?.abort();
    const ac = new AbortController();
    search = ac;
    qp.busy = true;
    void searchRoots(gateway, query, syncedIds, ac.signal).then(({ found, failure }) => {
      if (ac.signal.aborted) return;
      if (failure) qp.placeholder = `Search failed (${failure}); paste a page URL or id instead`;
      results = found;
      qp.busy = false;
      render();
    });
  };

  return new Promise<string | undefined>((resolve) => {
    let done = false;
    const finish = (value: string | undefined) => {
      if (done) return;
      done = true;
      search?.abort();
      if (timer) clearTimeout(timer);
      resolve(value);
      qp.dispose();
    };
    qp.onDidChangeValue((value) => {
      render();
      if (parseNotionId(value.trim())) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => run(value.trim()), 300);
    });
    qp.onDidAccept(() => finish(qp.selectedItems[0]?.target ?? (parseNotionId(qp.value.trim()) ? qp.value.trim() : undefined)));
    qp.onDidHide(() => finish(undefined));
    qp.show();
    run('');
  });
}

/** Resolves with the added root (or undefined when cancelled). `given` skips the picker. */
async function addRoot(s: Services, given?: string): Promise<ResolvedRoot | undefined> {
  if (!s.host.setup.hasFolder) throw new SetupRequiredError('Open a folder first: Notion Sync writes pages into the workspace.', 'Open Folder');
  const gateway = s.host.notion();
  const target = given ?? (await pickRoot(gateway, s.host.settings?.roots ?? []));
  if (!target) return undefined;
  if (!parseNotionId(target)) throw new Error(`"${target}" is not a Notion page or database id or URL`);
  const root = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Notion Sync: looking up the root in Notion…' },
    () => gateway.resolveRoot(target),
  );
  const added = await recordRoot(s, root.id);
  await s.host.reconfigure();
  const folder = s.host.settings?.folder ?? DEFAULT_SETTINGS.folder;
  s.logger.info(`[Roots] ${added ? `added to ${added}` : 'already configured'}: ${root.kind} "${root.title}" (${root.id})`);
  void vscode.window
    .showInformationMessage(
      added ? `Added "${root.title}". Sync Now pulls it into ${folder}/.` : `"${root.title}" is already a root.`,
      'Sync Now',
    )
    .then((choice) => {
      if (choice) void vscode.commands.executeCommand(COMMANDS.syncNow);
    });
  return root;
}

/**
 * Records a new root where the CLI will see it too: in the folder's notion-sync.json when
 * there is one, else in the notionSync.roots setting. Says where, or undefined when it was a root already.
 */
async function recordRoot(s: Services, id: string): Promise<string | undefined> {
  const folder = s.host.workspaceFolder;
  if ((s.host.settings?.roots ?? []).some((r) => parseNotionId(r) !== null && sameId(parseNotionId(r) as string, id))) return undefined;
  if (folder && (await workspaceEntryExists(folder, WORKSPACE_CONFIG_FILE))) {
    await rememberRoots(folder, [id]);
    return WORKSPACE_CONFIG_FILE;
  }
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION, folderUri(s));
  const { roots, added } = withRoot(config.get<string[]>('roots') ?? [], id);
  if (added) await config.update('roots', roots, settingsTarget());
  return 'notionSync.roots';
}

function folderUri(s: Services): vscode.Uri | undefined {
  const folder = s.host.workspaceFolder;
  return folder ? vscode.Uri.file(folder) : undefined;
}

/** A multi-root workspace keeps each folder's roots in that folder's settings. */
function settingsTarget(): vscode.ConfigurationTarget {
  return vscode.workspace.workspaceFile ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Workspace;
}

/** The roots to offer: both lists (settings and notion-sync.json), labelled by the titles last resolved. */
function pickRootToRemove(s: Services, roots: readonly string[]): Thenable<{ target: string } | undefined> {
  const cache = s.host.engine?.read.resolvedRoots() ?? {};
  return vscode.window.showQuickPick(
    roots.map((r) => ({ label: cache[r]?.title ?? r, description: cache[r] ? `${cache[r].kind} · ${r}` : undefined, target: r })),
    { title: 'Notion Sync: Remove Root', placeHolder: 'The root stops syncing; its files stay in the workspace' },
  );
}

async function removeRoot(s: Services, arg: unknown): Promise<boolean> {
  const roots = s.host.settings?.roots ?? [];
  if (roots.length === 0) {
    void vscode.window.showInformationMessage('No Notion roots are configured.');
    return false;
  }
  let target: string | undefined;
  if (isNode(arg) && arg.type === 'doc' && arg.map) target = arg.map.rootId ?? arg.map.notionId;
  else if (typeof arg === 'string') target = arg;
  else target = (await pickRootToRemove(s, roots))?.target;
  if (!target) return false;
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION, folderUri(s));
  const listed = config.get<string[]>('roots') ?? [];
  const next = withoutRoot(listed, target);
  const folder = s.host.workspaceFolder;
  // The CLI's list too: a root removed here must not come back from notion-sync.json.
  const forgotten = folder && parseNotionId(target) && (await workspaceEntryExists(folder, WORKSPACE_CONFIG_FILE)) ? (await forgetRoots(folder, [target])).changed.length : 0;
  if (next.length === listed.length && forgotten === 0) {
    void vscode.window.showInformationMessage(`${target} is not a configured root.`);
    return false;
  }
  if (next.length !== listed.length) await config.update('roots', next, settingsTarget());
  await s.host.reconfigure();
  s.logger.info(`[Roots] removed ${target}${forgotten ? ` (also from ${WORKSPACE_CONFIG_FILE})` : ''}`);
  void vscode.window.showInformationMessage('Removed the root. Its files stay in the workspace; they are no longer synced.');
  return true;
}
