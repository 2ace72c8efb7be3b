import assert from 'node:assert/strict';
import { stableId } from '../../../src/emulator/ids';
import { PAGE_OBJECT_REFERENCES, propertyItems, schemaEntry, serializeProperty } from '../../../src/emulator/properties';
import { seedWorkspace } from '../../../src/emulator/seed';
import { Clock } from '../../../src/emulator/time';
import { Workspace } from '../../../src/emulator/workspace';

describe('emulator properties: references past 25', () => {
  it('cuts people at 25 in page objects (silently, as Notion does) and keeps all for the property-item endpoint', () => {
    const ws = new Workspace(new Clock());
    seedWorkspace(ws, 'empty');
    const ids = Array.from({ length: 30 }, (_, i) => ws.addUser({ id: stableId(`user:${i}`), name: `User ${i}`, type: 'person', avatarUrl: null }).id);
    const { dataSource } = ws.createDatabase({ parent: { kind: 'workspace' }, title: [], properties: [schemaEntry('Name', 'title'), schemaEntry('Team', 'people')], actor: ws.botId });
    const page = ws.createPage({ parent: { kind: 'data_source', id: dataSource.id }, properties: { Team: { type: 'people', value: ids } }, actor: ws.botId });
    const team = dataSource.properties[1];
    const served = serializeProperty(page, team, ws) as { people: Array<{ id: string }>; has_more?: boolean };
    assert.equal(served.people.length, PAGE_OBJECT_REFERENCES);
    assert.equal(served.has_more, undefined, 'people carry no has_more flag');
    assert.deepEqual((propertyItems(page, team, ws) as Array<{ id: string }>).map((u) => u.id), ids);
  });
});
