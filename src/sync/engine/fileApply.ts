// One page's file, planned and applied: read the file, let planFile() (plan.ts,
// pure) turn Notion's version, the file and the stored base into actions, then
// carry them out here, the only place a pull writes a page's file: a guarded
// write first (a save racing it makes the pull read and plan again), then one
// store transaction for the mapping, the base, a conflict record and the log.
import { parseDocument } from '../documents/frontmatter';
import { readWorkspaceText } from '../documents/workspaceFs';
import type { NotionPage } from '../notion/types';
import type { MapRow } from '../store/types';
import { keepBackup } from './backup';
import type { ChangeRecord, EngineContext } from './context';
import { recordWrittenFile } from './documentIndex';
import { FileBusyError, replaceIfUnchanged, type WrittenStat } from './fileGuard';
import { planFile, type FileAction, type MappingUpdate } from './plan';
import { adoptInterruptedPush } from './pushIntent';
import { fileHash } from './render';
import { exactHash, type WriteIntent } from './writeJournal';

export interface FileArgs {
  page: NotionPage;
  localId: string;
  rootId: string | null;
  target: string;
  /** Notion's version rendered as a file. */
  text: string;
  known: MapRow | null;
}

type WriteAction = Extract<FileAction, { kind: 'write-file' }>;

export class FileApplier {
  constructor(
    private readonly ctx: EngineContext,
    private readonly report: (change: ChangeRecord) => void,
  ) {}

  /** Plans and applies one page's file; a save racing the write makes it read and plan again. */
  async reconcileFile(args: FileArgs): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      if ((await this.reconcileOnce(args)) === 'done') return;
      this.ctx.logger.info(`${args.target} was saved while being written; deciding again`);
    }
    throw new FileBusyError(args.target);
  }

  private async reconcileOnce(args: FileArgs): Promise<'done' | 'raced'> {
    const { ctx } = this;
    const { page, target } = args;
    const local = ctx.preview ? await ctx.preview.read(ctx.workspace, target) : await readWorkspaceText(ctx.workspace, target);
    const fileEdited = local === null ? null : frontmatterString(local, target, 'notion_last_edited');
    // A push cut short by a crash after Notion applied it: its version is the base (pushIntent.ts).
    const known = (args.known && !ctx.dryRun && adoptInterruptedPush(ctx, args.localId, page, args.text, fileHash(args.text))) || args.known;
    const base = ctx.store.getBase(args.localId);
    const plan = planFile({
      mode: ctx.settings.mode,
      path: target,
      remote: { text: args.text, newerThanFile: fileEdited === null || Date.parse(page.lastEditedTime) > Date.parse(fileEdited) },
      local,
      known: known && { localHash: known.localHash, remoteHash: known.remoteHash, state: known.state, syncedAt: known.syncedAt },
      base: base ? { content: base.content, hash: base.hash } : null,
    });
    return this.apply(plan, { ...args, known });
  }

  /**
   * The file first (it may race a save: then nothing else is done), then the
   * report, then the state in one transaction. A write whose text becomes the
   * base is announced first, so a crash before the state is saved does not
   * make the file look like a local edit (writeIntent.ts).
   */
  async apply(plan: FileAction[], args: FileArgs): Promise<'done' | 'raced'> {
    const intents = this.ctx.dryRun ? undefined : this.ctx.writeIntents;
    const intent = intents && intentOf(plan, args, this.ctx.now());
    return intent ? intents.around(intent, () => this.applyPlan(plan, args)) : this.applyPlan(plan, args);
  }

  private async applyPlan(plan: FileAction[], args: FileArgs): Promise<'done' | 'raced'> {
    const { ctx } = this;
    for (const action of plan) if (action.kind === 'write-file' && (await this.writeFile(action, args.localId)) === 'raced') return 'raced';
    for (const action of plan) if (action.kind === 'report') this.report({ action: action.change, path: args.target, notionId: args.page.id, detail: action.detail });
    const state = plan.filter((a) => a.kind !== 'write-file' && a.kind !== 'report');
    if (state.length) ctx.store.transaction(() => state.forEach((a) => this.applyState(a, args)));
    return 'done';
  }

  /** A dry run writes into the preview only; a real one keeps a backup first when planned, and never clobbers a save. */
  private async writeFile(a: WriteAction, localId: string): Promise<'done' | 'raced'> {
    const { ctx } = this;
    ctx.preview?.write(a.path, a.text);
    if (ctx.dryRun) return 'done';
    if (a.backupFirst && a.expected !== null) await keepBackup(ctx, a.path, a.expected);
    // The file is indexed as written, so the next scan does not read it again.
    const written = (st: WrittenStat) => recordWrittenFile(ctx, localId, a.path, a.text, st);
    return (await replaceIfUnchanged(ctx.workspace, a.path, a.expected, a.text, written)) === 'raced' ? 'raced' : 'done';
  }

  private applyState(a: FileAction, args: FileArgs): void {
    const { store } = this.ctx;
    const { page, localId, target } = args;
    switch (a.kind) {
      case 'update-mapping':
        store.upsertMap({ ...this.common(args), ...this.mappingFields(a.mapping) });
        return;
      case 'set-base':
        store.setBase(localId, a.text, a.hash);
        return;
      case 'record-conflict':
        store.addConflict({
          localId,
          notionId: page.id,
          path: target,
          baseContent: a.base?.content ?? null,
          baseHash: a.base?.hash ?? null,
          localContent: a.local.text,
          localHash: a.local.hash,
          remoteContent: a.remote.text,
          remoteHash: a.remote.hash,
        });
        return;
      case 'push-edit':
        store.enqueue({ operation: 'push', notionId: page.id, localId, source: 'engine' });
        return;
      case 'log':
        store.appendLog({ level: a.level, operation: 'pull', notionId: page.id, localId, message: `${a.message}: ${target}` });
        return;
    }
  }

  private mappingFields(m: MappingUpdate): Partial<MapRow> {
    const now = this.ctx.now();
    const fields: Partial<MapRow> = { state: m.state };
    if (m.localHash !== undefined) fields.localHash = m.localHash;
    if (m.remoteHash !== undefined) fields.remoteHash = m.remoteHash;
    if (m.publishedAt) fields.publishedAt = now;
    if (m.syncedAt !== undefined) fields.syncedAt = m.syncedAt === 'now' ? now : m.syncedAt;
    if (m.lastError !== undefined) fields.lastError = m.lastError;
    return fields;
  }

  private common(args: FileArgs) {
    const { page } = args;
    return {
      localId: args.localId,
      notionId: page.id,
      notionType: 'page' as const,
      rootId: args.rootId,
      parentNotionId: page.parent.id || null,
      path: args.target,
      title: page.title,
      url: page.url,
      notionLastEditedTime: page.lastEditedTime,
    };
  }
}

/** The announcement of a plan's write, when the text written is also the new base (Notion's version, pulled). */
function intentOf(plan: FileAction[], args: FileArgs, now: number): WriteIntent | null {
  const write = plan.find((a): a is WriteAction => a.kind === 'write-file');
  const base = plan.find((a) => a.kind === 'set-base');
  if (!write || base?.kind !== 'set-base' || base.text !== write.text) return null;
  const { page } = args;
  return {
    localId: args.localId,
    notionId: page.id,
    rootId: args.rootId,
    parentNotionId: page.parent.id || null,
    path: write.path,
    title: page.title,
    url: page.url,
    lastEdited: page.lastEditedTime,
    syncedAt: now,
    sha: exactHash(write.text),
  };
}

function frontmatterString(text: string, relPath: string, key: string): string | null {
  const parsed = parseDocument(text, relPath);
  if (!parsed.ok) return null;
  const v = parsed.frontmatter[key];
  if (v instanceof Date) return v.toISOString();
  return typeof v === 'string' ? v : null;
}
