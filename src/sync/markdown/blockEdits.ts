// A push as block edits: the top-level blocks of Notion's current page are
// compared with the local model by canonical key; each run of changed blocks
// becomes one `update_content` edit whose `old_str` is cut from Notion's exact
// text (as returned: no final newline, trailing spaces kept), so every
// untouched block keeps its id, comments and links.
import { diffArrays } from 'diff';
import type { List, ListItem, Root, RootContent } from 'mdast';
import { blockKey } from './canonical';
import { tooDeep } from './checks';
import { parseNotion } from './fromNotion';
import { toNotion } from './toNotion';

export interface ContentEdit {
  oldStr: string;
  newStr: string;
}

export type EditPlan =
  | { kind: 'edits'; edits: ContentEdit[] }
  /**
   * No targeted form exists (an empty page, or Notion answered v1 text) and a
   * whole-body replace drops nothing Notion holds: no protected block, no child.
   */
  | { kind: 'replace'; text: string; why: string }
  | { kind: 'refused'; reason: string };

interface Span {
  start: number;
  end: number;
}

interface Hunk {
  /** Remote block range [from, to) and local block range. */
  remote: [number, number];
  local: [number, number];
}

function hunksOf(remoteKeys: string[], localKeys: string[]): Hunk[] {
  const hunks: Hunk[] = [];
  let r = 0;
  let l = 0;
  let open: Hunk | null = null;
  for (const part of diffArrays(remoteKeys, localKeys)) {
    const n = part.count ?? part.value.length;
    if (!part.added && !part.removed) {
      if (open) hunks.push(open);
      open = null;
      r += n;
      l += n;
      continue;
    }
    open ??= { remote: [r, r], local: [l, l] };
    if (part.removed) open.remote[1] = r += n;
    else open.local[1] = l += n;
  }
  if (open) hunks.push(open);
  return hunks;
}

/** Protected blocks (and child pages, databases) anywhere inside a block, by canonical key. */
function guarded(node: RootContent, out: string[] = []): string[] {
  if (node.type === 'notionProtected' || node.type === 'tableOfContents') out.push(`protected ${node.type === 'notionProtected' ? node.kind : 'table-of-contents'}: ${blockKey(node)}`);
  else if (node.type === 'notionChild') out.push(`child ${node.kind} "${node.title}": ${blockKey(node)}`);
  if ('children' in node) for (const c of node.children as RootContent[]) guarded(c, out);
  return out;
}

/** Why a change of remote blocks into local ones may not be sent, or null when it may. */
function refusal(removed: RootContent[], added: RootContent[]): string | null {
  const before = removed.flatMap((n) => guarded(n));
  const after = new Set(added.flatMap((n) => guarded(n)));
  const prot = before.find((g) => g.startsWith('protected'));
  if (prot) return `the edit touches a block Notion keeps as is (${prot.split(':')[0]}); edit it in Notion`;
  const lost = before.find((g) => !after.has(g));
  return lost ? `the edit would remove or rename ${lost.split(':')[0]}; do that in Notion` : null;
}

function occurrences(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0 && needle !== ''; i = text.indexOf(needle, i + 1)) n++;
  return n;
}

function lineEnd(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  return nl < 0 ? text.length : nl;
}

/** One level of blocks to compare: Notion's (with their exact spans) against the local ones. */
interface Level {
  remote: RootContent[];
  spans: Span[];
  local: RootContent[];
  key(node: RootContent): string;
  /** Notion text of local blocks put where remote block `at` is. */
  render(nodes: RootContent[], at: number): string;
  /** What separates two blocks of this level in Notion's text. */
  joiner: string;
  /** Levels of Notion blocks above this level's blocks (0: the page's own blocks). */
  above: number;
}

type LevelPlan = { edits: ContentEdit[]; current: string } | { refused: string } | null;

function spanOf(text: string, node: RootContent): Span {
  return { start: node.position?.start.offset ?? 0, end: lineEnd(text, node.position?.end.offset ?? 0) };
}

/**
 * The edits for one level: each run of changed blocks becomes one edit; a run
 * that is one list in both versions goes down to its items, so an edit of one
 * item leaves the other items (each its own block in Notion) out of `old_str`.
 * null when no unique `old_str` exists.
 */
function planLevel(text: string, current: string, level: Level): LevelPlan {
  const hunks = hunksOf(level.remote.map(level.key), level.local.map(level.key));
  const edits: ContentEdit[] = [];
  for (const [index, h] of hunks.entries()) {
    const removed = level.remote.slice(...h.remote);
    const added = level.local.slice(...h.local);
    const why = refusal(removed, added) ?? added.map((n) => tooDeep(n, level.above)).find((d) => d !== null);
    if (why) return { refused: why };
    const items = itemLevel(text, removed, added, level.above) ?? childLevel(text, removed, added, level.above);
    const inner = items && planLevel(text, current, items);
    if (inner && 'refused' in inner) return inner;
    if (inner) {
      edits.push(...inner.edits);
      current = inner.current;
      continue;
    }
    const floor = index > 0 ? hunks[index - 1]!.remote[1] : 0;
    const ceiling = index + 1 < hunks.length ? hunks[index + 1]!.remote[0] : level.remote.length;
    const edit = uniqueEdit(text, current, level, h, level.render(added, h.remote[0]), floor, ceiling);
    if (!edit) return null;
    current = current.replace(edit.oldStr, () => edit.newStr);
    edits.push(edit);
  }
  return { edits, current };
}

function listKind(node: RootContent | undefined): string | null {
  if (node?.type !== 'list') return null;
  return `${node.ordered ? 'ol' : 'ul'}${node.children.some((i) => typeof i.checked === 'boolean') ? ' task' : ''}`;
}

/** The items of a list changed in place (one list before and after, same kind), as a level of their own. */
function itemLevel(text: string, removed: RootContent[], added: RootContent[], above: number): Level | null {
  const [before, after] = [removed[0], added[0]];
  if (removed.length !== 1 || added.length !== 1 || before?.type !== 'list' || after?.type !== 'list') return null;
  if (listKind(before) !== listKind(after) || before.children.some((i) => !i.position)) return null;
  const spans = before.children.map((i) => spanOf(text, i));
  if (spans.some((s) => text.startsWith('<li', s.start))) return null;
  const between = spans.length > 1 ? text.slice(spans[0]!.end, spans[1]!.start) : '\n';
  const list = (items: RootContent[], start: number): Root => ({ type: 'root', children: [{ ...after, start, children: items as List['children'] }] });
  return {
    remote: before.children,
    spans,
    local: after.children,
    key: (item) => blockKey({ ...after, start: 1, children: [item as ListItem] }),
    render: (items, at) => (items.length ? toNotion(list(items, (before.start ?? 1) + at)) : ''),
    joiner: /^\n+$/.test(between) ? between : '\n',
    above,
  };
}

/**
 * The children of a toggle or callout changed under the same title, icon and
 * colour, as a level of their own (each child is its own block in Notion; v2
 * writes a container's children unindented, between blank lines).
 */
function childLevel(text: string, removed: RootContent[], added: RootContent[], above: number): Level | null {
  const [before, after] = [removed[0], added[0]];
  if (removed.length !== 1 || added.length !== 1) return null;
  if (!before || !after || before.type !== after.type || (before.type !== 'toggle' && before.type !== 'callout')) return null;
  const shell = (n: RootContent) => blockKey({ ...n, children: [] } as RootContent);
  const kids = (n: RootContent) => (n as { children: RootContent[] }).children;
  if (shell(before) !== shell(after) || !kids(before).length || !kids(after).length || kids(before).some((c) => !c.position)) return null;
  return {
    remote: kids(before),
    spans: kids(before).map((c) => spanOf(text, c)),
    local: kids(after),
    key: blockKey,
    render: (nodes) => toNotion({ type: 'root', children: nodes }),
    joiner: '\n\n',
    above: above + 1,
  };
}

/**
 * The edits that turn Notion's page (`remoteText`, v2 as returned) into the
 * local model. Refused when a protected block or a child page would be touched,
 * or when no unique `old_str` exists (then nothing is sent).
 */
export function planEdits(remoteText: string, local: Root): EditPlan {
  const remote = parseNotion(remoteText, 'auto');
  const blocks = remote.root.children;
  if (blocks.length === 0 || remote.version === 'v1') {
    const why = refusal(blocks, local.children) ?? local.children.map((n) => tooDeep(n)).find((d) => d !== null);
    if (why) return { kind: 'refused', reason: why };
    return { kind: 'replace', text: toNotion(local), why: blocks.length === 0 ? 'the page is empty in Notion' : 'Notion answered enhanced markdown (v1), which has no exact v2 text to edit' };
  }
  const plan = planLevel(remoteText, remoteText, {
    remote: blocks,
    spans: blocks.map((b) => spanOf(remoteText, b)),
    local: local.children,
    key: blockKey,
    render: (nodes) => toNotion({ type: 'root', children: nodes }),
    joiner: '\n\n',
    above: 0,
  });
  if (!plan) return { kind: 'refused', reason: 'no unique text in Notion\'s page to anchor the edit on' };
  if ('refused' in plan) return { kind: 'refused', reason: plan.refused };
  return { kind: 'edits', edits: plan.edits };
}

/** A pre-signed file URL: Notion signs it anew on every read, so no `old_str` holding one can match. */
const SIGNED_URL = /[?&]X-Amz-(?:Signature|Algorithm|Credential)=/i;

/**
 * The edit for one hunk, its context widened over unchanged neighbours until
 * `old_str` is unique. An insertion or deletion needs one neighbour: the block
 * before, or else the one after (when the one before is a Notion-hosted file,
 * whose signed URL could never match).
 */
function uniqueEdit(text: string, current: string, level: Level, h: Hunk, added: string, floor: number, ceiling: number): ContentEdit | null {
  const [from, to] = h.remote;
  const anchor = from === to || h.local[0] === h.local[1] ? 1 : 0;
  for (let widen = 0; ; widen++) {
    const windows: [number, number][] = [[from - widen - anchor, to + widen]];
    if (anchor) windows.push([from - widen, to + widen + anchor]);
    for (const [a, b] of windows) {
      const edit = editFor(text, level, from, to, Math.max(floor, a), Math.min(ceiling, b), added);
      if (edit && !SIGNED_URL.test(edit.oldStr) && occurrences(current, edit.oldStr) === 1) return edit;
    }
    if (from - widen - anchor <= floor && to + widen + anchor >= ceiling) return null;
  }
}

/** Remote blocks [lo, hi) ⊇ [from, to) replaced so that [from, to) becomes `added`. */
function editFor(text: string, level: Level, from: number, to: number, lo: number, hi: number, added: string): ContentEdit | null {
  if (lo >= hi) return null;
  const { spans, joiner } = level;
  const cut = (a: number, b: number) => (a < b ? text.slice(spans[a]!.start, spans[b - 1]!.end) : '');
  const oldStr = cut(lo, hi);
  const newStr = [cut(lo, from), added, cut(to, hi)].filter((s) => s !== '').join(joiner);
  return oldStr === '' ? null : { oldStr, newStr };
}
