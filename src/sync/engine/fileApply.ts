// One page's file, decided and applied: read the file, let reconcile() decide
// from the hashes (what we last wrote, the file now, Notion now), then apply the
// decision: a guarded write, a merge, a conflict record, or only the mapping.
// A save racing the write makes it read and decide again.
import { parseDocument } from '../documents/frontmatter';
import { readWorkspaceText } from '../documents/workspaceFs';
import type { NotionPage } from '../notion/types';
import type { MapRow } from '../store/types';
import { keepBackup } from './backup';
import type { ChangeRecord, EngineContext } from './context';
import { FileBusyError, replaceIfUnchanged, type WrittenStat } from './fileGuard';
import { recordWrittenFile } from './documentIndex';
import { mergeThreeWay } from './merge';
import { reconcile } from './reconcile';
import { fileHash } from './render';

export class FileApplier {
  constructor(
    private readonly ctx: EngineContext,
    private readonly report: (change: ChangeRecord) => void,
  ) {}

  /** Decides and applies one page's file; a save racing the write makes it read and decide again. */
  async reconcileFile(args: FileArgs): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      if ((await this.reconcileOnce(args)) === 'done') return;
      this.ctx.logger.info(`${args.target} was saved while being written; deciding again`);
    }
    throw new FileBusyError(args.target);
  }

  private async reconcileOnce(args: FileArgs): Promise<'done' | 'raced'> {
    const { ctx } = this;
    const { page, target, text, known } = args;
    const localText = ctx.preview ? await ctx.preview.read(ctx.workspace, target) : await readWorkspaceText(ctx.workspace, target);
    const localHash = localText === null ? null : fileHash(localText);
    const remoteHash = fileHash(text);
    const fileEdited = localText === null ? null : frontmatterString(localText, target, 'notion_last_edited');
    const remoteNewerThanFile = fileEdited === null || Date.parse(page.lastEditedTime) > Date.parse(fileEdited);
    const action = reconcile({
      mode: ctx.settings.mode,
      known: known ? { localHash: known.localHash, remoteHash: known.remoteHash } : null,
      localHash,
      remoteHash,
      remoteNewerThanFile,
    });
    const seen: Seen = { ...args, localText, localHash, remoteHash, remoteNewerThanFile };
    switch (action) {
      case 'write':
        return this.writeRemote(seen);
      case 'unchanged':
        return 'done';
      case 'in-sync':
        this.recordInSync(seen);
        return 'done';
      case 'keep-local':
        this.keepLocal(seen);
        return 'done';
      case 'merge':
        if (localText !== null) {
          const outcome = await this.tryMerge(seen);
          if (outcome !== 'overlap') return outcome;
        }
        break;
      case 'conflict':
        break;
    }
    this.recordConflict(seen);
    return 'done';
  }

  private common(s: Seen) {
    return {
      localId: s.localId,
      notionId: s.page.id,
      notionType: 'page' as const,
      rootId: s.rootId,
      parentNotionId: s.page.parent.id || null,
      path: s.target,
      title: s.page.title,
      url: s.page.url,
      notionLastEditedTime: s.page.lastEditedTime,
    };
  }

  private log(s: Seen, message: string, level: 'info' | 'warn' = 'info'): void {
    this.ctx.store.appendLog({ level, operation: 'pull', notionId: s.page.id, localId: s.localId, message: `${message}: ${s.target}` });
  }

  /** Notion's version replaces a file that is absent or as we left it. */
  private async writeRemote(s: Seen): Promise<'done' | 'raced'> {
    const { ctx } = this;
    const action = s.localText === null && !s.known ? 'create' : 'update';
    ctx.preview?.write(s.target, s.text);
    if (!ctx.dryRun) {
      // The file is as we last left it; if that was not Notion's text (a pushed
      // edit Notion reformatted), keep a copy before replacing it.
      const base = s.localText === null ? undefined : ctx.store.getBase(s.localId);
      if (s.localText !== null && base && base.content !== s.localText) await keepBackup(ctx, s.target, s.localText);
      const written = (st: WrittenStat) => recordWrittenFile(ctx, s.localId, s.target, s.text, st);
      if ((await replaceIfUnchanged(ctx.workspace, s.target, s.localText, s.text, written)) === 'raced') return 'raced';
    }
    this.report({ action, path: s.target, notionId: s.page.id });
    const now = ctx.now();
    ctx.store.transaction(() => {
      ctx.store.upsertMap({ ...this.common(s), localHash: s.remoteHash, remoteHash: s.remoteHash, state: 'synced', publishedAt: now, syncedAt: now, lastError: null });
      ctx.store.setBase(s.localId, s.text, s.remoteHash);
      this.log(s, s.localText === null ? 'created' : 'updated');
    });
    return 'done';
  }

  private recordInSync(s: Seen): void {
    const { ctx } = this;
    ctx.store.transaction(() => {
      ctx.store.upsertMap({ ...this.common(s), localHash: s.localHash, remoteHash: s.remoteHash, state: 'synced', syncedAt: ctx.now(), lastError: null });
      if (!ctx.store.getBase(s.localId) || s.known?.remoteHash !== s.remoteHash) ctx.store.setBase(s.localId, s.text, s.remoteHash);
    });
  }

  private keepLocal(s: Seen): void {
    const { ctx } = this;
    const { known } = s;
    if (known?.state !== 'modified') this.report({ action: 'keep-local', path: s.target, notionId: s.page.id, detail: 'edited locally; Notion unchanged' });
    ctx.store.transaction(() => {
      ctx.store.upsertMap({ ...this.common(s), remoteHash: s.remoteHash, state: 'modified', syncedAt: known?.syncedAt ?? null });
      // A file adopted without a base, Notion unchanged since it was written:
      // Notion's text is the version the local edits started from.
      if (!ctx.store.getBase(s.localId) && !s.remoteNewerThanFile) ctx.store.setBase(s.localId, s.text, s.remoteHash);
      if (known?.state !== 'modified') this.log(s, 'kept local edits (Notion unchanged)');
      if (ctx.settings.mode === 'bidirectional' && known) ctx.store.enqueue({ operation: 'push', notionId: s.page.id, localId: s.localId, source: 'engine' });
    });
  }

  private async tryMerge(s: Seen): Promise<'done' | 'raced' | 'overlap'> {
    const { ctx } = this;
    const base = ctx.store.getBase(s.localId);
    const merged = base && s.localText !== null ? mergeThreeWay(base.content, s.localText, s.text) : null;
    if (!merged || !merged.clean) return 'overlap';
    ctx.preview?.write(s.target, merged.text);
    const written = (st: WrittenStat) => recordWrittenFile(ctx, s.localId, s.target, merged.text, st);
    if (!ctx.dryRun && (await replaceIfUnchanged(ctx.workspace, s.target, s.localText, merged.text, written)) === 'raced') return 'raced';
    this.report({ action: 'merge', path: s.target, notionId: s.page.id, detail: 'merged local and Notion edits' });
    ctx.store.transaction(() => {
      ctx.store.upsertMap({ ...this.common(s), localHash: fileHash(merged.text), remoteHash: s.remoteHash, state: 'modified', publishedAt: ctx.now() });
      ctx.store.setBase(s.localId, s.text, s.remoteHash);
      this.log(s, 'merged local and Notion edits');
      ctx.store.enqueue({ operation: 'push', notionId: s.page.id, localId: s.localId, source: 'engine' });
    });
    return 'done';
  }

  /** Edited on both sides (or a merge that overlapped): keep the local words, record all three versions. */
  private recordConflict(s: Seen): void {
    const { ctx } = this;
    this.report({ action: 'conflict', path: s.target, notionId: s.page.id, detail: 'edited on both sides' });
    if (s.localText === null || s.localHash === null) return;
    const base = ctx.store.getBase(s.localId);
    ctx.store.transaction(() => {
      ctx.store.addConflict({
        localId: s.localId,
        notionId: s.page.id,
        path: s.target,
        baseContent: base?.content ?? null,
        baseHash: base?.hash ?? null,
        localContent: s.localText!,
        localHash: s.localHash!,
        remoteContent: s.text,
        remoteHash: s.remoteHash,
      });
      ctx.store.upsertMap({ ...this.common(s), state: 'conflict' });
      this.log(s, 'conflict: edited locally and in Notion', 'warn');
    });
  }
}

export interface FileArgs {
  page: NotionPage;
  localId: string;
  rootId: string | null;
  target: string;
  /** Notion's version rendered as a file. */
  text: string;
  known: MapRow | null;
}

/** What one decision saw: the arguments plus the file as read. */
interface Seen extends FileArgs {
  localText: string | null;
  localHash: string | null;
  remoteHash: string;
  remoteNewerThanFile: boolean;
}

function frontmatterString(text: string, relPath: string, key: string): string | null {
  const parsed = parseDocument(text, relPath);
  if (!parsed.ok) return null;
  const v = parsed.frontmatter[key];
  if (v instanceof Date) return v.toISOString();
  return typeof v === 'string' ? v : null;
}
