import assert from 'node:assert/strict';
import { bodyHash, canonicalHash, notionToFile, parseNotion, toNotion } from '../../../src/sync/markdown';

const V2 = [
  '# Handbook',
  'Intro with **bold**, <span color="red">red <u>underlined</u></span> and <mention url="https://www.notion.so/0123456789abcdef0123456789abcdef">Team</mention> on <date start="2024-05-01" />.',
  '<callout icon="💡" color="yellow_bg">\nRemember this\n\n- a child bullet\n</callout>',
  '<toggle heading="h2" color="blue">\nFAQ\n\nAnswer text\n</toggle>',
  '<columns>\n<column ratio="50">\nLeft\n</column>\n<column ratio="50">\nRight\n</column>\n</columns>',
  '<page url="https://www.notion.so/Guide-11111111111111111111111111111111">Guide</page>',
  '<database url="https://www.notion.so/22222222222222222222222222222222" data-source-url="collection://33333333-3333-3333-3333-333333333333" inline="true">Tasks</database>',
  '<synced-block url="https://www.notion.so/x#44444444444444444444444444444444">\nShared text\n</synced-block>',
  '<table-of-contents />',
  '<unknown url="https://www.notion.so/p#55555555555555555555555555555555" alt="breadcrumb"/>',
  '$$\nE = mc^2\n$$',
  'Inline $a^2$ math.',
  '---',
  '| a | b |\n| - | - |\n| 1 | 2 |',
].join('\n\n');

const V1 = [
  '# Handbook',
  'Intro with **bold**, <span color="red" underline="true">red underlined</span> and <mention-page url="https://www.notion.so/0123456789abcdef0123456789abcdef">Team</mention-page> on <mention-date start="2024-05-01"/>.',
  '<callout icon="💡" color="yellow_bg">',
  '\tRemember this',
  '\t- a child bullet',
  '</callout>',
  '## FAQ {toggle="true" color="blue"}',
  '\tAnswer text',
  '<table_of_contents/>',
].join('\n');

describe('markdown: reading Notion', () => {
  it('reads every v2 construct into its node type, with offsets into the text', () => {
    const doc = parseNotion(V2, 'v2');
    assert.equal(doc.version, 'v2');
    const types = doc.root.children.map((c) => c.type);
    assert.deepEqual(types, ['heading', 'paragraph', 'callout', 'toggle', 'columns', 'notionChild', 'notionChild', 'notionProtected', 'tableOfContents', 'notionProtected', 'math', 'paragraph', 'thematicBreak', 'table']);
    for (const block of doc.root.children) {
      const { start, end } = { start: block.position!.start.offset!, end: block.position!.end.offset! };
      assert.ok(V2.slice(start, end).trim().length > 0 && V2.slice(start, end) === V2.slice(start, end).replace(/^\n+/, ''));
    }
    const db = doc.root.children[6]!;
    assert.equal(db.type === 'notionChild' && db.attrs.url, 'https://www.notion.so/22222222222222222222222222222222', 'data-source-url is not the database url');
    const para = doc.root.children[1]!;
    assert.ok(para.type === 'paragraph');
    const kinds = para.children.map((c) => c.type);
    assert.ok(kinds.includes('notionSpan') && kinds.includes('notionMention') && kinds.includes('notionDate'), kinds.join());
  });

  it('renders v2 back to the same text', () => {
    assert.equal(toNotion(parseNotion(V2, 'v2').root), V2);
  });

  it('reads v1 (tab children, {color}, <details>, mention-*, <table_of_contents/>) as the v2 model', () => {
    const v1 = parseNotion(V1, 'auto');
    assert.equal(v1.version, 'v1');
    const v2 = [
      '# Handbook',
      'Intro with **bold**, <span color="red"><u>red underlined</u></span> and <mention url="https://www.notion.so/0123456789abcdef0123456789abcdef">Team</mention> on <date start="2024-05-01" />.',
      '<callout icon="💡" color="yellow_bg">\nRemember this\n\n- a child bullet\n</callout>',
      '<toggle heading="h2" color="blue">\nFAQ\n\nAnswer text\n</toggle>',
      '<table-of-contents />',
    ].join('\n\n');
    assert.equal(canonicalHash(v1.root), canonicalHash(parseNotion(v2, 'v2').root));
  });

  it('reads the older `::: callout` form like <callout>', () => {
    const fenced = '::: callout {icon="🚧" color="gray_bg"}\nUnder construction\n:::';
    const tagged = '<callout icon="🚧" color="gray_bg">\nUnder construction\n</callout>';
    assert.equal(canonicalHash(parseNotion(fenced, 'v1').root), canonicalHash(parseNotion(tagged, 'v2').root));
  });

  it('reads <details> toggles of v1 with their children', () => {
    const doc = parseNotion('<details>\n<summary>Open me</summary>\n\tHidden\n</details>', 'v1');
    const t = doc.root.children[0]!;
    assert.ok(t.type === 'toggle');
    assert.equal(t.children.length, 1);
  });

  it('drift changes no hash: trailing spaces, final newline, blank lines, URL host, signed URLs', () => {
    const base = parseNotion(V2, 'v2').root;
    const drifted = V2.replace(/\n\n/g, '\n\n\n')
      .replace('# Handbook', '# Handbook   ')
      .replace(/https:\/\/www\.notion\.so\/(?:Guide-)?/g, 'https://app.notion.com/p/')
      .concat('\n');
    assert.equal(canonicalHash(parseNotion(drifted, 'v2').root), canonicalHash(base));
    const img = (q: string) => canonicalHash(parseNotion(`![x](https://prod-files-secure.s3.us-west-2.amazonaws.com/a/b.png${q})`, 'v2').root);
    assert.equal(img('?X-Amz-Signature=1&X-Amz-Date=2'), img('?X-Amz-Signature=9&X-Amz-Date=3'));
  });

  it('a file body and the Notion text it came from hash the same', () => {
    const file = notionToFile(V2, 'v2');
    assert.equal(bodyHash(file), canonicalHash(parseNotion(V2, 'v2').root));
    assert.equal(bodyHash(notionToFile(V1, 'v1')), canonicalHash(parseNotion(V1, 'v1').root));
  });

  it('real content changes do change the hash', () => {
    const a = canonicalHash(parseNotion('Hello world', 'v2').root);
    assert.notEqual(a, canonicalHash(parseNotion('Hello world!', 'v2').root));
    assert.notEqual(a, canonicalHash(parseNotion('<p color="red">Hello world</p>', 'v2').root));
  });
});
