// Seeds: `demo` (a realistic handbook workspace), `empty`, and N generated pages
// (and rows) under a "Bench" root for benchmarks. Root ids are stable.
import { notionUrl, stableId } from './ids';
import type { Json } from './json';
import type { BlockInput, PropSchema, PropValue } from './model';
import { schemaEntry } from './properties';
import { text, type RichText } from './richText';
import { layersPng, onePagePdf } from './seedMedia';
import type { Workspace } from './workspace';

export type SeedName = 'demo' | 'empty';

/** Stable ids of the seeded objects, for tests, benchmarks and the demo. */
export const DEMO_IDS = {
  botUser: stableId('user:bot'),
  adaUser: stableId('user:ada'),
  graceUser: stableId('user:grace'),
  rootPage: stableId('page:acme-handbook'),
  gettingStartedPage: stableId('page:getting-started'),
  localSetupPage: stableId('page:local-setup'),
  engineeringPage: stableId('page:engineering'),
  architecturePage: stableId('page:architecture'),
  tasksDatabase: stableId('database:tasks'),
  tasksDataSource: stableId('data_source:tasks'),
  docsDatabase: stableId('database:docs'),
  docsDataSource: stableId('data_source:docs'),
  benchRoot: stableId('page:bench'),
  benchDatabase: stableId('database:bench-items'),
  benchDataSource: stableId('data_source:bench-items'),
} as const;

export const WORKSPACE_NAME = 'Acme (emulated)';

const b = (type: string, payload: Json, children: BlockInput[] = []): BlockInput => ({ type, payload, children });
const rt = (...items: Array<string | RichText>): RichText[] => items.map((i) => (typeof i === 'string' ? text(i) : i));
const para = (...items: Array<string | RichText>) => b('paragraph', { rich_text: rt(...items), color: 'default' });
const heading = (level: number, s: string) => b(`heading_${level}`, { rich_text: rt(s), color: 'default', is_toggleable: false });
const bullet = (s: string, children: BlockInput[] = []) => b('bulleted_list_item', { rich_text: rt(s), color: 'default' }, children);
const numbered = (s: string, children: BlockInput[] = []) => b('numbered_list_item', { rich_text: rt(s), color: 'default' }, children);
const todo = (s: string, checked: boolean) => b('to_do', { rich_text: rt(s), checked, color: 'default' });
const code = (language: string, s: string) => b('code', { caption: [], rich_text: rt(s), language });
const titleValue = (s: string): PropValue => ({ type: 'title', value: rt(s) });
const pageMention = (id: string, title: string): RichText => ({
  type: 'mention',
  mention: { type: 'page', page: { id } },
  annotations: text('').annotations,
  plain_text: title,
  href: `https://www.notion.so/${id.replace(/-/g, '')}`,
});

export function addUsers(ws: Workspace): void {
  ws.addUser({ id: DEMO_IDS.botUser, name: 'Notion Sync Emulator', type: 'bot', avatarUrl: null });
  ws.addUser({ id: DEMO_IDS.adaUser, name: 'Ada Lovelace', type: 'person', email: 'ada@acme.test', avatarUrl: null });
  ws.addUser({ id: DEMO_IDS.graceUser, name: 'Grace Hopper', type: 'person', email: 'grace@acme.test', avatarUrl: null });
}

export function seedWorkspace(ws: Workspace, seed: SeedName, benchPages = 0, benchRows = 0): void {
  addUsers(ws);
  if (seed === 'demo') seedDemo(ws);
  if (benchPages > 0 || benchRows > 0) seedBench(ws, benchPages, benchRows);
}

function seedDemo(ws: Workspace): void {
  const ada = DEMO_IDS.adaUser;
  const grace = DEMO_IDS.graceUser;
  ws.createPage({
    id: DEMO_IDS.rootPage,
    parent: { kind: 'workspace' },
    properties: { title: titleValue('Acme Handbook') },
    icon: { type: 'emoji', emoji: '📘' },
    actor: ada,
    content: [
      para('Welcome to the ', text('Acme Handbook', { bold: true }), '. It is the ', text('single', { italic: true }), ' place for how we work; see ', text('the website', { link: 'https://acme.test' }), ' for the public side.'),
      b('callout', { rich_text: rt('Edits here sync to the docs repository every few minutes.'), icon: { type: 'emoji', emoji: '💡' }, color: 'gray_background' }),
      b('divider', {}),
    ],
  });
  ws.createPage({
    id: DEMO_IDS.gettingStartedPage,
    parent: { kind: 'page', id: DEMO_IDS.rootPage },
    properties: { title: titleValue('Getting Started') },
    actor: ada,
    content: [
      heading(1, 'Your first week'),
      para('Read this page top to bottom. Use ', text('npm test', { code: true }), ' before every push, and never ', text('force-push', { strikethrough: true }), ' to main.'),
      heading(2, 'Checklist'),
      todo('Get a laptop', true),
      todo('Set up the repository', false),
      todo('Meet your buddy', false),
      heading(2, 'Principles'),
      bullet('Write things down', [bullet('Decisions go in the decision log'), bullet('Meetings have notes')]),
      bullet('Ship small changes'),
      numbered('Open an issue'),
      numbered('Open a pull request', [numbered('Ask for review'), numbered('Merge when green')]),
      numbered('Deploy'),
      b('quote', { rich_text: rt('Simple things should be simple, complex things should be possible.'), color: 'default' }),
      heading(3, 'Example'),
      code('typescript', 'export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}'),
      b('image', { caption: rt('The office floor plan'), type: 'external', external: { url: 'https://images.acme.test/floor-plan.png' } }),
      b('equation', { expression: 'E = mc^2' }),
      b('toggle', { rich_text: rt('Frequently asked questions'), color: 'default' }, [para('Where is the coffee? Second floor, next to the stairs.'), para('Who do I ask about access? The IT channel.')]),
      b('table', { table_width: 3, has_column_header: true, has_row_header: false }, [
        b('table_row', { cells: [rt('Tool'), rt('Purpose'), rt('Owner')] }),
        b('table_row', { cells: [rt('GitHub'), rt('Code and reviews'), rt('Platform')] }),
        b('table_row', { cells: [rt('Notion'), rt('Docs and tasks'), rt('Everyone')] }),
      ]),
      b('bookmark', { caption: [], url: 'https://acme.test/onboarding' }),
    ],
  });
  ws.createPage({
    id: DEMO_IDS.localSetupPage,
    parent: { kind: 'page', id: DEMO_IDS.gettingStartedPage },
    properties: { title: titleValue('Local Setup') },
    actor: grace,
    // The last line ends in spaces, as real pages' text often does (Notion keeps them in its markdown).
    content: [para('Install Node 20 and clone the repository:'), code('bash', 'git clone https://git.acme.test/app.git\ncd app && npm ci'), para('Then run ', text('npm start', { code: true }), '.  ')],
  });
  ws.createPage({
    id: DEMO_IDS.engineeringPage,
    parent: { kind: 'page', id: DEMO_IDS.rootPage },
    properties: { title: titleValue('Engineering') },
    icon: { type: 'emoji', emoji: '🛠️' },
    actor: grace,
    content: [
      heading(2, 'How we build'),
      para('We prefer boring technology and small, reviewed changes.'),
      bullet('TypeScript everywhere'),
      bullet('Tests beside the code'),
      // A page mention and a plain link between two synced pages.
      para('The layers are described in ', pageMention(DEMO_IDS.architecturePage, 'Architecture'), '; new people start with ', text('Getting Started', { link: notionUrl('Getting Started', DEMO_IDS.gettingStartedPage) }), '.'),
    ],
  });
  ws.createPage({
    id: DEMO_IDS.architecturePage,
    parent: { kind: 'page', id: DEMO_IDS.engineeringPage },
    properties: { title: titleValue('Architecture') },
    actor: grace,
    content: [
      b('callout', { rich_text: rt('This page is generated from the design review.'), icon: { type: 'emoji', emoji: '⚠️' }, color: 'yellow_background' }),
      para('The system has three layers: ', text('UI', { bold: true }), ', ', text('engine', { bold: true }), ' and ', text('storage', { bold: true }), '.'),
      // Notion-hosted media: signed URLs that change on every read and expire after an hour.
      b('image', { caption: rt('The three layers'), type: 'file', file: { file_id: ws.files.host('layers.png', 'image/png', layersPng()) } }),
      b('pdf', { caption: rt('Design review notes'), type: 'file', file: { file_id: ws.files.host('Design review.pdf', 'application/pdf', onePagePdf('Design review: three layers, one engine.')) } }),
      b('embed', { caption: [], url: 'https://diagrams.acme.test/architecture' }),
    ],
  });

  const tasks = ws.createDatabase({
    id: DEMO_IDS.tasksDatabase,
    dataSourceId: DEMO_IDS.tasksDataSource,
    parent: { kind: 'page', id: DEMO_IDS.rootPage },
    title: rt('Tasks'),
    icon: { type: 'emoji', emoji: '✅' },
    actor: ada,
    properties: [
      schemaEntry('Name', 'title'),
      schemaEntry('Status', 'status', { options: ['Not started', 'In progress', 'Done'] }),
      schemaEntry('Due', 'date'),
      schemaEntry('Assignee', 'people'),
      schemaEntry('Tags', 'multi_select', { options: ['docs', 'infra', 'bug', 'onboarding'] }),
      schemaEntry('Estimate', 'number'),
      schemaEntry('Done', 'checkbox'),
      schemaEntry('Created', 'created_time'),
      schemaEntry('Updated', 'last_edited_time'),
      schemaEntry('Status text', 'formula', { expression: 'prop("Status")' }),
    ],
  });
  const ds = tasks.dataSource;
  const opt = (prop: string, name: string) => {
    const options = (ds.properties.find((p) => p.name === prop)!.config.options as Array<{ id: string; name: string; color: string }>) ?? [];
    const o = options.find((x) => x.name === name)!;
    return { id: o.id, name: o.name, color: o.color };
  };
  const rows: Array<[string, string, string | null, string[], string[], number | null, boolean]> = [
    ['Write onboarding guide', 'In progress', '2026-12-01', [ada], ['docs', 'onboarding'], 3, false],
    ['Migrate CI to new runners', 'Not started', '2026-12-15', [grace], ['infra'], 5, false],
    ['Fix login redirect loop', 'Done', '2026-11-20', [grace], ['bug'], 2, true],
    ['Review security checklist', 'Not started', null, [], ['docs'], null, false],
    ['Set up staging database', 'In progress', '2026-12-05', [ada, grace], ['infra'], 8, false],
    ['Archive old wiki', 'Done', '2026-11-01', [ada], ['docs'], 1, true],
    ['Plan Q1 roadmap', 'Not started', '2027-01-10', [grace], [], 3, false],
    ['Document deploy process', 'In progress', '2026-12-03', [ada], ['docs', 'infra'], 2, false],
  ];
  rows.forEach(([name, status, due, people, tags, estimate, done], i) => {
    ws.createPage({
      id: stableId(`task:${i}`),
      parent: { kind: 'data_source', id: ds.id },
      properties: {
        Name: titleValue(name),
        Status: { type: 'status', value: opt('Status', status) },
        Due: { type: 'date', value: due ? { start: due, end: null, time_zone: null } : null },
        Assignee: { type: 'people', value: people },
        Tags: { type: 'multi_select', value: tags.map((t) => opt('Tags', t)) },
        Estimate: { type: 'number', value: estimate },
        Done: { type: 'checkbox', value: done },
      },
      actor: i % 2 ? grace : ada,
      content: i === 0 ? [para('Draft the guide from the Getting Started page, then ask two new hires to review it.')] : [],
    });
  });

  const docs = ws.createDatabase({
    id: DEMO_IDS.docsDatabase,
    dataSourceId: DEMO_IDS.docsDataSource,
    parent: { kind: 'page', id: DEMO_IDS.rootPage },
    title: rt('Docs'),
    actor: grace,
    properties: [schemaEntry('Name', 'title'), schemaEntry('Summary', 'rich_text'), schemaEntry('Link', 'url'), schemaEntry('Category', 'select', { options: ['Guide', 'Reference', 'Policy'] })],
  });
  const cat = (name: string) => {
    const o = (docs.dataSource.properties.find((p) => p.name === 'Category')!.config.options as Array<{ id: string; name: string; color: string }>).find((x) => x.name === name)!;
    return { id: o.id, name: o.name, color: o.color };
  };
  const docRows: Array<[string, string, string, string]> = [
    ['Style guide', 'How we write docs and code comments.', 'https://acme.test/style', 'Guide'],
    ['API reference', 'Endpoints of the public API.', 'https://acme.test/api', 'Reference'],
    ['Security policy', 'Reporting and handling vulnerabilities.', 'https://acme.test/security', 'Policy'],
    ['Release checklist', 'Steps before every release.', 'https://acme.test/release', 'Guide'],
    ['Glossary', 'Terms used across the company.', 'https://acme.test/glossary', 'Reference'],
  ];
  docRows.forEach(([name, summary, link, category], i) => {
    ws.createPage({
      id: stableId(`doc:${i}`),
      parent: { kind: 'data_source', id: docs.dataSource.id },
      properties: { Name: titleValue(name), Summary: { type: 'rich_text', value: rt(summary) }, Link: { type: 'url', value: link }, Category: { type: 'select', value: cat(category) } },
      actor: grace,
      content: [heading(2, name), para(summary)],
    });
  });
}

function seedBench(ws: Workspace, pages: number, rows: number): void {
  const actor = DEMO_IDS.adaUser;
  ws.createPage({ id: DEMO_IDS.benchRoot, parent: { kind: 'workspace' }, properties: { title: titleValue('Bench') }, actor });
  for (let i = 0; i < pages; i++) {
    ws.createPage({
      parent: { kind: 'page', id: DEMO_IDS.benchRoot },
      properties: { title: titleValue(`Bench page ${i + 1}`) },
      actor,
      content: [heading(2, `Section ${i + 1}`), para(`Generated page number ${i + 1} for benchmarks.`), bullet('alpha'), bullet('beta')],
    });
  }
  if (rows > 0) {
    const schema: PropSchema[] = [schemaEntry('Name', 'title'), schemaEntry('Index', 'number'), schemaEntry('Done', 'checkbox')];
    const { dataSource } = ws.createDatabase({ id: DEMO_IDS.benchDatabase, dataSourceId: DEMO_IDS.benchDataSource, parent: { kind: 'page', id: DEMO_IDS.benchRoot }, title: rt('Bench Items'), properties: schema, actor });
    for (let i = 0; i < rows; i++) {
      ws.createPage({
        parent: { kind: 'data_source', id: dataSource.id },
        properties: { Name: titleValue(`Item ${i + 1}`), Index: { type: 'number', value: i + 1 }, Done: { type: 'checkbox', value: i % 3 === 0 } },
        actor,
      });
    }
  }
}
