// Database rows that look like tasks (a status or stage, a due date, assignees)
// become binder_tasks rows, so stage changes are recorded over time.
import type { NotionPage, RawPropertyValue } from '../notion/types';
import type { TaskInput } from '../store/types';

function pick(props: Record<string, RawPropertyValue>, types: string[], names: RegExp): RawPropertyValue | undefined {
  const entries = Object.entries(props).filter(([, v]) => types.includes(v.type));
  return (entries.find(([k]) => names.test(k)) ?? entries[0])?.[1];
}

export function taskFromRow(page: NotionPage, path: string): TaskInput | null {
  const props = page.properties;
  const status = pick(props, ['status'], /status|stage/i) ?? pick(props, ['select'], /^(status|stage|state)$/i);
  const due = pick(props, ['date'], /due|deadline|date/i);
  const people = pick(props, ['people'], /assign|owner|who/i);
  if (!status && !due && !people) return null;
  const statusName =
    status?.type === 'status' ? (status.status?.name ?? null) : status?.type === 'select' ? (status.select?.name ?? null) : null;
  const dueDate = due?.type === 'date' ? (due.date?.start ?? null) : null;
  const assignees =
    people?.type === 'people' ? people.people.map((p) => ('name' in p && p.name ? p.name : p.id)) : [];
  return {
    notionId: page.id,
    projectId: page.parent.databaseId ?? page.parent.id,
    title: page.title,
    status: statusName,
    dueDate,
    assignees,
    path,
  };
}
