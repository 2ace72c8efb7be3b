// The body half of a push: the local file's model against Notion's exact
// current text, sent as targeted `update_content` edits. A mismatch is re-read
// and re-planned once; a whole-body replace only when nothing Notion holds
// could be lost by it; an edit touching a protected block is refused unsent.
import { fromFile, planEdits, pushForm, type Root } from '../markdown';
import { NotionValidationError } from '../notion/errors';
import { detectLossy } from '../notion/markdown';
import type { Lossy, NotionPage, PageMarkdown } from '../notion/types';
import type { EngineContext } from './context';
import { anchorsForFile, anchorsForNotion } from './anchors';
import { pageLinks } from './pageLinks';
import { PushRefused } from './pushRefused';
import { foreignAfterReplace, foreignEditExpected } from './pushRace';
import { fileHash, renderPageFile } from './render';

export interface RemoteBody {
  page: NotionPage;
  /** Notion's text exactly as returned. */
  markdown: string;
  /** The file Notion's state renders to, and its hash. */
  text: string;
  hash: string;
  /** What the markdown does not carry (truncated page, `<unknown>` blocks); null when it carries all. */
  lossy: Lossy | null;
}

export async function readRemote(ctx: EngineContext, notionId: string, path: string, signal?: AbortSignal): Promise<RemoteBody> {
  const page = await ctx.gateway.getPage(notionId, signal);
  return renderRemote(ctx, page, await ctx.gateway.getPageMarkdown(notionId, signal), path, signal);
}

/** The file a page and its markdown render to. */
export async function renderRemote(ctx: EngineContext, page: NotionPage, md: PageMarkdown, path: string, signal?: AbortSignal): Promise<RemoteBody> {
  const lossy = detectLossy(md.markdown, md.truncated, md.unknownBlockIds);
  const text = renderPageFile(page, md.markdown, lossy, pageLinks(ctx.store, path, await anchorsForNotion(ctx, md.markdown, signal)));
  return { page, markdown: md.markdown, text, hash: fileHash(text), lossy };
}

/** What a body push left in Notion: Notion's answer to our last write, and (see pushRace.ts) the text our edits alone would have left when the answer holds a colleague's edit too. */
export interface SentBody {
  after: PageMarkdown;
  foreign: string | null;
}

/**
 * Sends the body of `localBody`. Returns false when Notion moved away from
 * `expectedHash` meanwhile; null when nothing needed sending.
 */
export async function pushBody(ctx: EngineContext, args: { notionId: string; path: string; localBody: string; remote: RemoteBody; expectedHash: string | null }, signal?: AbortSignal): Promise<false | SentBody | null> {
  // `Page.md#heading` goes to Notion as a link to the heading's block.
  const links = pageLinks(ctx.store, args.path, await anchorsForFile(ctx, args.path, args.localBody, signal));
  const model = pushForm(fromFile(args.localBody, links), links);
  let remote = args.remote;
  for (let attempt = 0; ; attempt++) {
    try {
      return await sendPlan(ctx, args.notionId, args.path, remote.markdown, model, signal);
    } catch (e) {
      // Notion did not match an old_str: its text changed under us. Re-read once, and re-plan only if it is still at the base.
      if (!(e instanceof NotionValidationError) || attempt > 0) throw e;
      ctx.logger.warn(`push ${args.path}: Notion refused an edit (${e.message}); re-reading the page and planning again`);
      remote = await readRemote(ctx, args.notionId, args.path, signal);
      if (remote.hash !== args.expectedHash) return false;
    }
  }
}

async function sendPlan(ctx: EngineContext, notionId: string, path: string, remoteMarkdown: string, model: Root, signal?: AbortSignal): Promise<SentBody | null> {
  const plan = planEdits(remoteMarkdown, model);
  if (plan.kind === 'refused') throw new PushRefused(`${path}: ${plan.reason}`);
  if (plan.kind === 'replace') {
    ctx.logger.info(`push ${path}: ${plan.why}; replacing the body (guarded: Notion is at the base, nothing it holds is dropped)`);
    const after = await ctx.gateway.updatePageMarkdown(notionId, { replace: plan.text }, signal);
    return { after, foreign: foreignAfterReplace(plan.text, after.markdown) };
  }
  if (!plan.edits.length) return null;
  const after = await ctx.gateway.updatePageMarkdown(notionId, { edits: plan.edits }, signal);
  return { after, foreign: foreignEditExpected(remoteMarkdown, plan.edits, after.markdown) };
}
