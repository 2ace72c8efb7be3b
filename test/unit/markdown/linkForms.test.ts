// Every form Notion names a page or database in, as the file writes it: a
// relative link to the local file when the target is synced, Notion's URL
// when it is not. Pure mapping: the document model with a table of synced ids.
import assert from 'node:assert/strict';
import { fileToNotion, notionToFile, type FileLinkResolver, type FileLinks } from '../../../src/sync/markdown';

const PAGE = 'a237b667-82af-48a2-8c98-bed534613caa';
const DS = '7bf126e1-ad15-4c57-870d-fc94f510d2cb';
const DB = '5271e3a3-0603-4c86-8068-efccbf60dd35';
const OUTSIDE = '0123456789abcdef0123456789abcdef';
/** A heading block of PAGE (slug `checklist`), and a block that is no heading. */
const HEADING = '1b89142c-7994-4a1c-9e2b-9b1f5db79c15';
const QUOTE = '3ea60064d0d741ae84d2dbbf424574af';
const hex = (id: string) => id.replace(/-/g, '');

/** Synced: the page at `Engineering/Architecture.md`, the database's data source at `Tasks` (paths relative to the file). */
const links: FileLinks & FileLinkResolver = {
  pathFor: (id, anchor) => {
    const base = id === PAGE ? 'Engineering/Architecture.md' : id === DS ? 'Tasks' : null;
    return base && anchor ? `${base}#${anchor === HEADING ? 'checklist' : hex(anchor)}` : base;
  },
  idFor: (t) => (t.split('#')[0] === 'Engineering/Architecture.md' ? PAGE : t === 'Tasks' ? DS : null),
  anchorFor: (id, fragment) => (id === PAGE && fragment === 'checklist' ? HEADING : /^[0-9a-f]{32}$/.test(fragment) ? fragment : null),
};

interface Row {
  form: string;
  notion: string;
  version: 'v1' | 'v2';
  file: RegExp;
}

const rows: Row[] = [
  { form: '<page>', version: 'v2', notion: `<page url="https://www.notion.so/Architecture-${hex(PAGE)}">Architecture</page>`, file: /^<!-- notion:page id="a237b667[^>]*-->\n\[Architecture\]\(Engineering\/Architecture\.md\)$/ },
  { form: '<database> (by its data source)', version: 'v2', notion: `<database url="https://www.notion.so/${hex(DB)}" data-source-url="collection://${DS}">Tasks</database>`, file: /^<!-- notion:database [^>]*-->\n\[Tasks\]\(Tasks\)$/ },
  { form: 'v2 <mention> of a page', version: 'v2', notion: `See <mention url="https://www.notion.so/Architecture-${hex(PAGE)}">Architecture</mention>.`, file: /^See \[Architecture\]\(Engineering\/Architecture\.md "notion:mention url=\\"https:\/\/www\.notion\.so\/Architecture-a237/ },
  { form: 'v2 self-closing <mention/>', version: 'v2', notion: `See <mention url="https://www.notion.so/${hex(PAGE)}"/>.`, file: /^See \[[^\]]*\]\(Engineering\/Architecture\.md "notion:mention/ },
  { form: 'v2 <mention type="database">', version: 'v2', notion: `In <mention url="collection://${DS}" type="database">Tasks</mention>.`, file: /^In \[Tasks\]\(Tasks "notion:mention/ },
  { form: 'v1 <mention-page>', version: 'v1', notion: `See <mention-page url="https://www.notion.so/${hex(PAGE)}">Architecture</mention-page>.`, file: /^See \[Architecture\]\(Engineering\/Architecture\.md "notion:mention/ },
  { form: 'v1 self-closing <mention-page/>', version: 'v1', notion: `See <mention-page url="https://www.notion.so/${hex(PAGE)}"/>.`, file: /^See \[[^\]]*\]\(Engineering\/Architecture\.md "notion:mention/ },
  { form: 'www.notion.so/Title-id', version: 'v2', notion: `[arch](https://www.notion.so/Architecture-${hex(PAGE)})`, file: /^\[arch\]\(Engineering\/Architecture\.md\)$/ },
  { form: 'notion.so/<workspace>/Title-id?pvs=4', version: 'v2', notion: `[arch](https://www.notion.so/acme/Architecture-${hex(PAGE)}?pvs=4)`, file: /^\[arch\]\(Engineering\/Architecture\.md\)$/ },
  { form: 'app.notion.com/p/id', version: 'v2', notion: `[arch](https://app.notion.com/p/${hex(PAGE)})`, file: /^\[arch\]\(Engineering\/Architecture\.md\)$/ },
  { form: 'dashed id', version: 'v2', notion: `[arch](https://www.notion.so/${PAGE})`, file: /^\[arch\]\(Engineering\/Architecture\.md\)$/ },
  { form: 'a block anchor on a heading', version: 'v2', notion: `[list](https://www.notion.so/Architecture-${hex(PAGE)}#${hex(HEADING)})`, file: /^\[list\]\(Engineering\/Architecture\.md#checklist\)$/ },
  { form: 'a dashed block anchor', version: 'v2', notion: `[list](https://app.notion.com/p/${hex(PAGE)}#${HEADING})`, file: /^\[list\]\(Engineering\/Architecture\.md#checklist\)$/ },
  { form: 'a block anchor on a block that is no heading', version: 'v2', notion: `[q](https://www.notion.so/${hex(PAGE)}#${QUOTE})`, file: new RegExp(`^\\[q\\]\\(Engineering/Architecture\\.md#${QUOTE}\\)$`) },
  { form: 'a mention of a block', version: 'v2', notion: `<mention url="https://www.notion.so/${hex(PAGE)}#${hex(HEADING)}">Checklist</mention>`, file: /^\[Checklist\]\(Engineering\/Architecture\.md#checklist "notion:mention/ },
  { form: 'Notion\'s own /id form', version: 'v2', notion: `[arch](/${hex(PAGE)})`, file: /^\[arch\]\(Engineering\/Architecture\.md\)$/ },
  { form: '/id outside the synced roots', version: 'v2', notion: `[x](/${OUTSIDE}#${QUOTE})`, file: new RegExp(`^\\[x\\]\\(https://www\\.notion\\.so/${OUTSIDE}#${QUOTE}\\)$`) },
  { form: 'a page outside the synced roots', version: 'v2', notion: `[elsewhere](https://www.notion.so/Elsewhere-${OUTSIDE})`, file: new RegExp(`^\\[elsewhere\\]\\(https://www\\.notion\\.so/Elsewhere-${OUTSIDE}\\)$`) },
  { form: 'a mention outside the synced roots', version: 'v2', notion: `<mention url="https://www.notion.so/${OUTSIDE}">Elsewhere</mention>`, file: new RegExp(`^\\[Elsewhere\\]\\(https://www\\.notion\\.so/${OUTSIDE} "notion:mention"\\)$`) },
  { form: 'a non-Notion URL', version: 'v2', notion: '[site](https://acme.test/Architecture-a237b66782af48a28c98bed534613caa)', file: /^\[site\]\(https:\/\/acme\.test\/Architecture-a237b66782af48a28c98bed534613caa\)$/ },
];

describe('markdown: links and mentions on pull, form by form', () => {
  for (const row of rows) {
    it(`${row.form}`, () => {
      const file = notionToFile(row.notion, row.version, links).trimEnd();
      assert.match(file, row.file);
    });
  }

  it('each synced form goes back to Notion naming the same page, by id', () => {
    for (const row of rows) {
      const back = fileToNotion(notionToFile(row.notion, row.version, links), links);
      for (const id of [PAGE, DS, OUTSIDE]) {
        if (row.notion.includes(hex(id)) || row.notion.includes(id)) assert.ok(back.includes(hex(id)) || back.includes(id), `${row.form}: ${back}`);
      }
    }
  });
});

describe('markdown: links on push', () => {
  const push = (body: string) => fileToNotion(body, links);

  it('a relative link to a synced file is a link to its page; a heading anchor a link to the heading block', () => {
    assert.equal(push('[a](Engineering/Architecture.md)'), `[a](https://www.notion.so/${hex(PAGE)})`);
    assert.equal(push('[a](Engineering/Architecture.md#checklist)'), `[a](https://www.notion.so/${hex(PAGE)}#${hex(HEADING)})`);
    assert.equal(push(`[a](Engineering/Architecture.md#${QUOTE})`), `[a](https://www.notion.so/${hex(PAGE)}#${QUOTE})`);
    assert.equal(push('[a](Engineering/Architecture.md#gone)'), `[a](https://www.notion.so/${hex(PAGE)})`, 'an unknown heading: the page');
  });

  it('a mention keeps being a mention of the same page', () => {
    const body = '[Architecture](Engineering/Architecture.md "notion:mention")';
    assert.equal(push(body), `<mention url="https://www.notion.so/${hex(PAGE)}">Architecture</mention>`);
  });

  it('links Notion cannot hold go as their text: an unsynced file, an unknown in-page anchor', () => {
    assert.equal(push('See [notes](../notes/todo.md) and [gap](#nowhere).'), 'See notes and gap.');
  });
});
