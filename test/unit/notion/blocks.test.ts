import assert from 'node:assert/strict';
import fc from 'fast-check';
import { childrenOf, planAppend, splitBlock, blockType } from '../../../src/sync/notion/blocks';
import { splitText } from '../../../src/sync/notion/richText';
import type { BlockRequest } from '../../../src/sync/notion/types';

const para = (content: string, children?: BlockRequest[], bold = false): BlockRequest =>
  ({
    type: 'paragraph',
    paragraph: {
      rich_text: [{ type: 'text', text: { content }, annotations: { bold } }],
      ...(children ? { children } : {}),
    },
  }) as BlockRequest;

interface Node {
  type: string;
  text: string;
  children: Node[];
}

function textOf(block: BlockRequest): string {
  const body = (block as unknown as Record<string, { rich_text?: { text: { content: string } }[] }>)[blockType(block)];
  return (body?.rich_text ?? []).map((r) => r.text.content).join('');
}

function toNode(block: BlockRequest): Node {
  return { type: blockType(block), text: textOf(block), children: childrenOf(block).map(toNode) };
}

/** Checks one request's limits. */
function checkRequest(blocks: BlockRequest[]): void {
  assert.ok(blocks.length <= 100, `${blocks.length} top-level blocks`);
  let count = 0;
  const walk = (b: BlockRequest, depth: number) => {
    count++;
    const type = blockType(b);
    const body = (b as unknown as Record<string, { rich_text?: { text: { content: string } }[] }>)[type];
    const runs = body?.rich_text ?? [];
    assert.ok(runs.length <= 100, `${runs.length} rich-text items`);
    for (const r of runs) assert.ok(r.text.content.length <= 2000, `run of ${r.text.content.length}`);
    const kids = childrenOf(b);
    assert.ok(kids.length <= 100, `${kids.length} children`);
    const childDepth = type === 'column_list' ? depth : depth + 1;
    if (kids.length > 0) assert.ok(childDepth <= 2, `children at depth ${childDepth}`);
    for (const k of kids) walk(k, childDepth);
  };
  for (const b of blocks) walk(b, 1);
  assert.ok(count <= 1000, `${count} blocks in one request`);
}

/** Plays the plan like Notion would, into an in-memory tree; returns requests made. */
function apply(target: Node[], blocks: readonly BlockRequest[]): number {
  let requests = 0;
  for (const chunk of planAppend(blocks)) {
    checkRequest(chunk.blocks);
    requests++;
    const start = target.length;
    target.push(...chunk.blocks.map(toNode));
    for (const d of chunk.deferred) {
      let node = target[start + (d.path[0] ?? -1)];
      for (const i of d.path.slice(1)) node = node?.children[i];
      assert.ok(node, `deferred path ${d.path.join('/')} resolves`);
      requests += apply(node.children, d.children);
    }
  }
  return requests;
}

describe('notion/blocks', () => {
  it('splits text at 2,000 UTF-16 units without breaking a surrogate pair', () => {
    assert.deepEqual(splitText('a'.repeat(4001)).map((s) => s.length), [2000, 2000, 1]);
    const emoji = `${'a'.repeat(1999)}😀b`;
    const parts = splitText(emoji);
    assert.deepEqual(parts.map((s) => s.length), [1999, 3]);
    assert.equal(parts.join(''), emoji);
    assert.deepEqual(splitText(''), []);
  });

  it('splits a long run into ≤ 2,000-char runs with the same annotations', () => {
    const [block] = splitBlock(para('x'.repeat(4500), undefined, true));
    const runs = (block as { paragraph: { rich_text: { text: { content: string }; annotations: { bold: boolean } }[] } }).paragraph.rich_text;
    assert.deepEqual(runs.map((r) => r.text.content.length), [2000, 2000, 500]);
    assert.ok(runs.every((r) => r.annotations.bold));
  });

  it('merges same-style runs, and splits a block needing more than 100 runs into several', () => {
    const sameStyle = { type: 'paragraph', paragraph: { rich_text: Array.from({ length: 150 }, () => ({ type: 'text', text: { content: 'ab' } })) } } as BlockRequest;
    const merged = splitBlock(sameStyle);
    assert.equal(merged.length, 1);
    assert.equal(textOf(merged[0] as BlockRequest), 'ab'.repeat(150));
    const mixed = {
      type: 'paragraph',
      paragraph: {
        rich_text: Array.from({ length: 250 }, (_, i) => ({ type: 'text', text: { content: `r${i}` }, annotations: { bold: i % 2 === 0 } })),
        children: [para('child')],
      },
    } as BlockRequest;
    const pieces = splitBlock(mixed);
    assert.equal(pieces.length, 3);
    assert.equal(pieces.map(textOf).join(''), textOf(mixed));
    assert.deepEqual(pieces.map((p) => childrenOf(p).length), [0, 0, 1]);
  });

  it('sends at most 100 children per request', () => {
    const target: Node[] = [];
    const blocks = Array.from({ length: 250 }, (_, i) => para(`p${i}`));
    assert.equal(apply(target, blocks), 3);
    assert.deepEqual(target.map((n) => n.text), blocks.map(textOf));
  });

  it('defers levels below the second to follow-up requests on the created blocks', () => {
    const tree = [para('A', [para('B', [para('C', [para('D')])]), para('B2')]), para('E')];
    const plan = planAppend(tree);
    assert.equal(plan.length, 1);
    assert.deepEqual(plan[0]?.deferred.map((d) => d.path), [[0, 0]]);
    assert.deepEqual(plan[0]?.blocks.map(toNode), [
      { type: 'paragraph', text: 'A', children: [{ type: 'paragraph', text: 'B', children: [] }, { type: 'paragraph', text: 'B2', children: [] }] },
      { type: 'paragraph', text: 'E', children: [] },
    ]);
    const target: Node[] = [];
    apply(target, tree);
    assert.deepEqual(target, tree.map(toNode));
  });

  it('keeps a request under 1,000 blocks', () => {
    const blocks = Array.from({ length: 30 }, (_, i) => para(`p${i}`, Array.from({ length: 60 }, (_, j) => para(`c${j}`))));
    const plan = planAppend(blocks);
    assert.ok(plan.length >= 2);
    const target: Node[] = [];
    apply(target, blocks);
    assert.deepEqual(target, blocks.map(toNode));
  });

  it('rebuilds any tree exactly, every request within limits (property-based)', () => {
    const leaf = fc.string({ maxLength: 30 }).map((s) => para(s));
    const tree = fc.letrec<{ block: BlockRequest }>((tie) => ({
      block: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc
          .tuple(fc.string({ maxLength: 30 }), fc.array(tie('block'), { maxLength: 130 }))
          .map(([t, kids]) => para(t, kids)),
      ),
    })).block;
    fc.assert(
      fc.property(fc.array(tree, { maxLength: 240 }), (blocks) => {
        const target: Node[] = [];
        apply(target, blocks);
        assert.deepEqual(target, blocks.map(toNode));
      }),
      { numRuns: 60 },
    );
  });
});
