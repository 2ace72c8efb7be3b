import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  frontmatterToProperties,
  propertiesToFrontmatter,
  type PropertyPayload,
  type PropertySchemaEntry,
} from '../../../src/sync/notion/properties';
import { NotionValidationError } from '../../../src/sync/notion/errors';
import type { NotionUser } from '../../../src/sync/notion/types';

const ALICE = '11111111-1111-4111-8111-111111111111';
const BOB = '22222222-2222-4222-8222-222222222222';
const users: NotionUser[] = [
  { id: ALICE, name: 'Alice', type: 'person' },
  { id: BOB, name: 'Bob', type: 'person' },
];
const PAGE_A = '33333333-3333-4333-8333-333333333333';

const schema: Record<string, PropertySchemaEntry> = {
  Name: { type: 'title' },
  Notes: { type: 'rich_text' },
  Points: { type: 'number' },
  Stage: { type: 'select', select: { options: [{ name: 'Draft' }, { name: 'Live' }] } },
  Tags: { type: 'multi_select', multi_select: { options: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] } },
  Status: { type: 'status', status: { options: [{ name: 'Not started' }, { name: 'Done' }] } },
  Due: { type: 'date' },
  Done: { type: 'checkbox' },
  Link: { type: 'url' },
  Mail: { type: 'email' },
  Phone: { type: 'phone_number' },
  Owners: { type: 'people' },
  Related: { type: 'relation' },
  Score: { type: 'formula' },
  Total: { type: 'rollup' },
  Created: { type: 'created_time' },
  Edited: { type: 'last_edited_time' },
  Author: { type: 'created_by' },
  Ticket: { type: 'unique_id' },
  Attachments: { type: 'files' },
};

const text = (content: string) => ({
  type: 'text',
  text: { content, link: null },
  plain_text: content,
  annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: 'default' },
  href: null,
});

/** What Notion would send back for a property written with `payload`. */
function asResponse(name: string, payload: PropertyPayload): Record<string, unknown> {
  const p = payload as Record<string, unknown>;
  const type = schema[name]?.type ?? 'rich_text';
  const value = p[type];
  const base = { id: name.slice(0, 4), type };
  switch (type) {
    case 'title':
    case 'rich_text':
      return { ...base, [type]: (value as { text: { content: string } }[]).map((r) => text(r.text.content)) };
    case 'select':
    case 'status':
      return { ...base, [type]: value ? { id: 'x', name: (value as { name: string }).name, color: 'default' } : null };
    case 'multi_select':
      return { ...base, [type]: (value as { name: string }[]).map((o) => ({ id: o.name, name: o.name, color: 'default' })) };
    case 'date': {
      const d = value as { start: string; end?: string | null; time_zone?: string | null } | null;
      return { ...base, date: d ? { start: d.start, end: d.end ?? null, time_zone: d.time_zone ?? null } : null };
    }
    case 'people':
      return {
        ...base,
        people: (value as { id: string }[]).map((u) => ({ object: 'user', id: u.id, name: users.find((x) => x.id === u.id)?.name })),
      };
    case 'relation':
      return { ...base, relation: value, has_more: false };
    default:
      return { ...base, [type]: value };
  }
}

function roundTrip(values: Record<string, unknown>): Record<string, unknown> {
  const payload = frontmatterToProperties(values, schema, { users });
  const response = Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, asResponse(k, v)]));
  return propertiesToFrontmatter(response).values;
}

describe('notion/properties', () => {
  it('exports every property type as a YAML-ready value and lists the read-only ones', () => {
    const properties = {
      Name: { id: 'title', type: 'title', title: [text('Hello '), text('world')] },
      Notes: { id: 'n', type: 'rich_text', rich_text: [text('some notes')] },
      Points: { id: 'p', type: 'number', number: 3.5 },
      Stage: { id: 's', type: 'select', select: { id: '1', name: 'Live', color: 'green' } },
      Empty: { id: 'e', type: 'select', select: null },
      Tags: { id: 't', type: 'multi_select', multi_select: [{ id: '1', name: 'a', color: 'red' }, { id: '2', name: 'c', color: 'red' }] },
      Status: { id: 'st', type: 'status', status: { id: '1', name: 'Done', color: 'green' } },
      Due: { id: 'd', type: 'date', date: { start: '2026-05-01', end: null, time_zone: null } },
      Span: { id: 'sp', type: 'date', date: { start: '2026-05-01T09:00:00.000+02:00', end: '2026-05-02', time_zone: null } },
      Done: { id: 'c', type: 'checkbox', checkbox: true },
      Link: { id: 'u', type: 'url', url: 'https://example.com' },
      Mail: { id: 'm', type: 'email', email: 'a@example.com' },
      Phone: { id: 'ph', type: 'phone_number', phone_number: null },
      Owners: { id: 'o', type: 'people', people: [{ object: 'user', id: ALICE, name: 'Alice' }, { object: 'user', id: BOB }] },
      Related: { id: 'r', type: 'relation', relation: [{ id: PAGE_A }], has_more: false },
      Many: { id: 'r2', type: 'relation', relation: [{ id: PAGE_A }], has_more: true },
      Score: { id: 'f', type: 'formula', formula: { type: 'number', number: 42 } },
      Total: { id: 'ro', type: 'rollup', rollup: { type: 'array', function: 'show_original', array: [{ type: 'number', number: 1 }, { type: 'number', number: 2 }] } },
      Created: { id: 'ct', type: 'created_time', created_time: '2026-01-01T00:00:00.000Z' },
      Edited: { id: 'et', type: 'last_edited_time', last_edited_time: '2026-01-02T00:00:00.000Z' },
      Author: { id: 'cb', type: 'created_by', created_by: { object: 'user', id: ALICE, name: 'Alice' } },
      Ticket: { id: 'ui', type: 'unique_id', unique_id: { prefix: 'TASK', number: 7 } },
      Attachments: {
        id: 'fi',
        type: 'files',
        files: [{ name: 'a.pdf', type: 'file', file: { url: 'https://s3.example/a.pdf?X-Amz-Signature=abc&keep=1', expiry_time: 'x' } }],
      },
      Press: { id: 'b', type: 'button', button: {} },
    };
    const { values, readOnly } = propertiesToFrontmatter(properties);
    assert.deepEqual(values, {
      Name: 'Hello world',
      Notes: 'some notes',
      Points: 3.5,
      Stage: 'Live',
      Empty: null,
      Tags: ['a', 'c'],
      Status: 'Done',
      Due: '2026-05-01',
      Span: { start: '2026-05-01T09:00:00.000+02:00', end: '2026-05-02' },
      Done: true,
      Link: 'https://example.com',
      Mail: 'a@example.com',
      Phone: null,
      Owners: ['Alice', BOB],
      Related: [PAGE_A],
      Many: [PAGE_A],
      Score: 42,
      Total: [1, 2],
      Created: '2026-01-01T00:00:00.000Z',
      Edited: '2026-01-02T00:00:00.000Z',
      Author: 'Alice',
      Ticket: 'TASK-7',
      Attachments: [{ name: 'a.pdf', url: 'https://s3.example/a.pdf?keep=1' }],
    });
    assert.deepEqual(readOnly.sort(), ['Attachments', 'Author', 'Created', 'Edited', 'Many', 'Score', 'Ticket', 'Total'].sort());
  });

  it('builds a payload for every writable type', () => {
    const payload = frontmatterToProperties(
      {
        Name: 'Title',
        Notes: '',
        Points: '12',
        Stage: 'Draft',
        Tags: 'b',
        Status: 'Done',
        Due: new Date('2026-05-01T00:00:00.000Z'),
        Done: false,
        Link: 'https://example.com',
        Mail: null,
        Phone: '+1 555',
        Owners: ['alice', BOB.replace(/-/g, '')],
        Related: [`https://www.notion.so/Other-${PAGE_A.replace(/-/g, '')}`],
        notion_id: 'ignored: not a property',
      },
      schema,
      { users },
    );
    assert.deepEqual(payload, {
      Name: { title: [{ type: 'text', text: { content: 'Title' } }] },
      Notes: { rich_text: [] },
      Points: { number: 12 },
      Stage: { select: { name: 'Draft' } },
      Tags: { multi_select: [{ name: 'b' }] },
      Status: { status: { name: 'Done' } },
      Due: { date: { start: '2026-05-01' } },
      Done: { checkbox: false },
      Link: { url: 'https://example.com' },
      Mail: { email: null },
      Phone: { phone_number: '+1 555' },
      Owners: { people: [{ id: ALICE, object: 'user' }, { id: BOB, object: 'user' }] },
      Related: { relation: [{ id: PAGE_A }] },
    });
  });

  it('splits long text into runs of ≤ 2,000 characters', () => {
    const long = 'x'.repeat(4_500);
    const payload = frontmatterToProperties({ Notes: long }, schema) as Record<string, { rich_text: { text: { content: string } }[] }>;
    assert.deepEqual(payload.Notes?.rich_text.map((r) => r.text.content.length), [2000, 2000, 500]);
    assert.equal(roundTrip({ Notes: long }).Notes, long);
  });

  it('rejects read-only properties, unknown options, oversize arrays and wrong types with the property named', () => {
    const rejects = (values: Record<string, unknown>, pattern: RegExp) =>
      assert.throws(
        () => frontmatterToProperties(values, schema, { users }),
        (e: unknown) => e instanceof NotionValidationError && pattern.test(e.message) && e.retryable === false,
      );
    rejects({ Score: 3 }, /Property "Score": "formula" properties are read-only/);
    rejects({ Stage: 'Archived' }, /"Archived" is not an option .*"Draft", "Live"/);
    rejects({ Tags: ['a', 'zzz'] }, /"zzz" is not an option/);
    rejects({ Status: 'Blocked' }, /not an option of this status property/);
    rejects({ Tags: Array.from({ length: 101 }, () => 'a') }, /101 items; Notion accepts at most 100/);
    rejects({ Related: Array.from({ length: 101 }, () => PAGE_A) }, /at most 100/);
    rejects({ Points: 'many' }, /expected a number/);
    rejects({ Done: 'yes' }, /expected true or false/);
    rejects({ Due: 'tomorrow' }, /expected a date/);
    rejects({ Owners: ['Carol'] }, /no workspace user is named "Carol"/);
    rejects({ Notes: 'y'.repeat(200_001) }, /at most 200000/);
    rejects({ Link: `https://e.com/${'a'.repeat(2000)}` }, /at most 2000/);
    assert.deepEqual(frontmatterToProperties({ Score: 3, Name: 'x' }, schema, { skipReadOnly: true }), {
      Name: { title: [{ type: 'text', text: { content: 'x' } }] },
    });
  });

  it('round-trips every writable type (property-based)', () => {
    const isoDate = fc
      .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-01-01T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    const values = fc.record(
      {
        Name: fc.string({ maxLength: 5000 }),
        Notes: fc.string({ maxLength: 300 }),
        Points: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }),
        Stage: fc.option(fc.constantFrom('Draft', 'Live'), { nil: null }),
        Tags: fc.uniqueArray(fc.constantFrom('a', 'b', 'c')),
        Status: fc.constantFrom('Not started', 'Done'),
        Due: fc.oneof(
          fc.constant(null),
          isoDate,
          fc.record({ start: isoDate, end: isoDate }, { noNullPrototype: true }),
        ),
        Done: fc.boolean(),
        Link: fc.option(fc.webUrl(), { nil: null }),
        Mail: fc.option(fc.emailAddress(), { nil: null }),
        Owners: fc.uniqueArray(fc.constantFrom('Alice', 'Bob')),
        Related: fc.uniqueArray(fc.uuid().map((u) => u.toLowerCase()), { maxLength: 100 }),
      },
      { requiredKeys: [], noNullPrototype: true },
    );
    fc.assert(
      fc.property(values, (v) => {
        const back = roundTrip(v);
        const expected: Record<string, unknown> = { ...v };
        if (typeof v.Points === 'number' && Object.is(v.Points, -0)) expected.Points = -0;
        assert.deepEqual(back, expected);
      }),
      { numRuns: 200 },
    );
  });
});
