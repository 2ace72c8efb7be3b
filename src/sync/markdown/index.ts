// The document model between Notion's markdown and the user's files.
//   Notion v2 (or v1) text --parseNotion--> model --toFile--> portable .md body
//   .md body --fromFile--> model --toNotion--> Notion v2 text (push, create)
//   identity = canonicalHash(model); push = planEdits(Notion's exact text, model)
import type { Root } from 'mdast';
import type { ChildNode } from './nodes';
import { canonicalHash } from './canonical';
import { pushForm } from './checks';
import { fromFile, type FileLinkResolver } from './fromFile';
import { parseNotion, type NotionVersion } from './fromNotion';
import { toFile, type FileLinks } from './toFile';
import { toNotion } from './toNotion';

export { blockKey, canonicalHash, canonicalText } from './canonical';
export { MAX_PUSH_DEPTH, notionLimits, pushForm, tooDeep, type Finding } from './checks';
export { planEdits, type ContentEdit, type EditPlan } from './blockEdits';
export { fromFile, type FileLinkResolver } from './fromFile';
export { parseNotion, type NotionDoc, type NotionVersion } from './fromNotion';
export { toFile, fenceFor, type FileLinks } from './toFile';
export { toNotion } from './toNotion';
export { dashedId, decodeFragment, notionAnchorOf, notionIdOf, stripSignature } from './urls';
export { linkTargets, retargetLinks, type LinkTarget } from './linkTargets';
export type * from './nodes';

/** Child pages, databases and folders named anywhere in a model. */
export function childReferences(root: Root): ChildNode[] {
  const out: ChildNode[] = [];
  const walk = (nodes: readonly unknown[]) => {
    for (const n of nodes as Root['children']) {
      if (n.type === 'notionChild') out.push(n);
      else if ('children' in n) walk(n.children);
    }
  };
  walk(root.children);
  return out;
}

/** A page body from Notion as the file's body. */
export function notionToFile(text: string, version: NotionVersion | 'auto' = 'auto', links?: FileLinks): string {
  return toFile(parseNotion(text, version).root, links);
}

/** A file's body as Notion v2 text (links and images that lead nowhere in Notion as their text). */
export function fileToNotion(body: string, links?: FileLinkResolver): string {
  return toNotion(pushForm(fromFile(body, links), links));
}

/** The content hash of a file's body: equal for equal content, whatever its spelling. */
export function bodyHash(body: string, links?: FileLinkResolver): string {
  return canonicalHash(fromFile(body, links));
}

export type { Root };
