// Random block trees (fast-check) for the emulator's markdown round-trip properties.
import fc from 'fast-check';
import { text } from '../../../src/emulator/richText';

export type Tree = { type: string; payload: Record<string, unknown>; children: Tree[] };
const inlineText = fc
  .string({ minLength: 0, maxLength: 10, unit: fc.constantFrom('a', 'b', ' ', '-', '#', '>', '*', '1', '.', '`', '[', ']', '$', '<', '_', '|', '!', '\\', ':') })
  .map((s) => s.trim());
const leaf: fc.Arbitrary<Tree> = fc.oneof(
  inlineText.map((t) => ({ type: 'paragraph', payload: { rich_text: t ? [text(t)] : [], color: 'default' }, children: [] })),
  fc.tuple(fc.integer({ min: 1, max: 4 }), inlineText).map(([l, t]) => ({ type: `heading_${l}`, payload: { rich_text: t ? [text(t)] : [], color: 'default', is_toggleable: false }, children: [] })),
  fc.string({ maxLength: 30, unit: fc.constantFrom('a', ' ', '\n', '`', '\t', '-', '#') }).map((c) => ({ type: 'code', payload: { caption: [], rich_text: c ? [text(c)] : [], language: 'python' }, children: [] })),
  fc.constant<Tree>({ type: 'divider', payload: {}, children: [] }),
  fc.constantFrom('x^2', 'a + b').map((e) => ({ type: 'equation', payload: { expression: e }, children: [] })),
);
export const { tree: blockTree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc
      .tuple(fc.constantFrom('bulleted_list_item', 'numbered_list_item', 'to_do', 'quote', 'toggle', 'callout', 'paragraph'), inlineText, fc.array(tie('tree'), { maxLength: 3 }))
      .map(([type, t, children]) => ({
        type,
        payload: { rich_text: t ? [text(t)] : [], color: 'default', ...(type === 'to_do' ? { checked: t.length % 2 === 0 } : {}), ...(type === 'callout' ? { icon: { type: 'emoji', emoji: '💡' } } : {}) },
        children,
      })),
  ),
}));

