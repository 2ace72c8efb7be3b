// Ids the manifest (package.json `contributes`) and the code share: commands,
// views, context keys, settings and secret keys. One place, typed, no `vscode`.

export const COMMANDS = {
  setToken: 'notionSync.setToken',
  signOut: 'notionSync.signOut',
  addRoot: 'notionSync.addRoot',
  removeRoot: 'notionSync.removeRoot',
  syncNow: 'notionSync.syncNow',
  pull: 'notionSync.pull',
  showStatus: 'notionSync.showStatus',
  showLog: 'notionSync.showLog',
  retryFailed: 'notionSync.retryFailed',
  retryOperation: 'notionSync.retryOperation',
  removeOperation: 'notionSync.removeOperation',
  clearProcessed: 'notionSync.clearProcessed',
  openDocument: 'notionSync.openDocument',
  openInNotion: 'notionSync.openInNotion',
  pullDocument: 'notionSync.pullDocument',
  linkFile: 'notionSync.linkFile',
  unlinkFile: 'notionSync.unlinkFile',
  compareWithNotion: 'notionSync.compareWithNotion',
  acceptNotion: 'notionSync.acceptNotion',
  keepLocal: 'notionSync.keepLocal',
  startWebhook: 'notionSync.startWebhook',
  stopWebhook: 'notionSync.stopWebhook',
  copyWebhookInfo: 'notionSync.copyWebhookInfo',
  refresh: 'notionSync.refresh',
  discardLocalChanges: 'notionSync.discardLocalChanges',
  undoDiscard: 'notionSync.undoDiscard',
  pushToNotion: 'notionSync.pushToNotion',
  mergeConflict: 'notionSync.mergeConflict',
  completeMerge: 'notionSync.completeMerge',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

export const VIEWS = {
  documents: 'notionSync.documents',
  queue: 'notionSync.queue',
  conflicts: 'notionSync.conflicts',
} as const;

export const CONTEXT_KEYS = {
  hasToken: 'notionSync.hasToken',
  hasRoots: 'notionSync.hasRoots',
  hasConflicts: 'notionSync.hasConflicts',
  webhookRunning: 'notionSync.webhookRunning',
  inConflictDiff: 'notionSync.inConflictDiff',
  bidirectional: 'notionSync.bidirectional',
  inMergeCopy: 'notionSync.inMergeCopy',
} as const;

export type ContextKey = (typeof CONTEXT_KEYS)[keyof typeof CONTEXT_KEYS];

/** Configuration section; keys below are relative to it. */
export const CONFIG_SECTION = 'notionSync';

export const TOKEN_SECRET_KEY = 'notionSync.token';
export const TOKEN_ENV = 'NOTION_TOKEN';

/** Read-only documents served by the remote-content provider (Notion and base versions of a conflict). */
export const REMOTE_SCHEME = 'notion-sync-remote';

export const OUTPUT_CHANNEL_NAME = 'Notion Sync';
