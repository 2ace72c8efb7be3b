// binder_projects (Notion databases / data sources), binder_tasks (their rows)
// and task_stage_history (every status change we observed).
import type { StoreContext } from './context';
import { definedOnly, int, intOrNull, jsonColumn, text, textOrNull, type Row, type SqlValue } from './sqlite';
import type { JsonObject, ProjectInput, ProjectRow, TaskInput, TaskRow, TaskStageRow } from './types';

const PROJECT_COLUMNS = 'id, data_source_id, title, url, root_id, folder, schema, last_synced_at';
const TASK_COLUMNS = 'notion_id, project_id, title, status, due_date, assignees, path, updated_at';

function toProject(r: Row): ProjectRow {
  return {
    id: text(r, 'id'),
    dataSourceId: textOrNull(r, 'data_source_id'),
    title: textOrNull(r, 'title'),
    url: textOrNull(r, 'url'),
    rootId: textOrNull(r, 'root_id'),
    folder: textOrNull(r, 'folder'),
    schema: jsonColumn<JsonObject>(r, 'schema'),
    lastSyncedAt: intOrNull(r, 'last_synced_at'),
  };
}

function toTask(r: Row): TaskRow {
  return {
    notionId: text(r, 'notion_id'),
    projectId: text(r, 'project_id'),
    title: textOrNull(r, 'title'),
    status: textOrNull(r, 'status'),
    dueDate: textOrNull(r, 'due_date'),
    assignees: jsonColumn<string[]>(r, 'assignees'),
    path: textOrNull(r, 'path'),
    updatedAt: int(r, 'updated_at'),
  };
}

export function getProject(ctx: StoreContext, id: string): ProjectRow | undefined {
  const r = ctx.db.get(`SELECT ${PROJECT_COLUMNS} FROM binder_projects WHERE id = ?`, [id]);
  return r ? toProject(r) : undefined;
}

/** Inserts or updates by id; undefined fields keep their stored value. */
export function upsertProject(ctx: StoreContext, input: ProjectInput): ProjectRow {
  return ctx.db.transaction(() => {
    const merged = { ...getProject(ctx, input.id), ...definedOnly(input) };
    const values: SqlValue[] = [
      input.id,
      merged.dataSourceId ?? null,
      merged.title ?? null,
      merged.url ?? null,
      merged.rootId ?? null,
      merged.folder ?? null,
      JSON.stringify(merged.schema ?? {}),
      merged.lastSyncedAt ?? null,
    ];
    ctx.db.run(`INSERT OR REPLACE INTO binder_projects (${PROJECT_COLUMNS}) VALUES (${values.map(() => '?').join(',')})`, values);
    const row = getProject(ctx, input.id);
    if (!row) throw new Error(`project ${input.id} vanished`);
    return row;
  });
}

export function listProjects(ctx: StoreContext, rootId?: string): ProjectRow[] {
  const rows =
    rootId === undefined
      ? ctx.db.all(`SELECT ${PROJECT_COLUMNS} FROM binder_projects ORDER BY title, id`)
      : ctx.db.all(`SELECT ${PROJECT_COLUMNS} FROM binder_projects WHERE root_id = ? ORDER BY title, id`, [rootId]);
  return rows.map(toProject);
}

export function deleteProject(ctx: StoreContext, id: string): boolean {
  return ctx.db.transaction(() => ctx.db.run('DELETE FROM binder_projects WHERE id = ?', [id]) > 0);
}

export function getTask(ctx: StoreContext, notionId: string): TaskRow | undefined {
  const r = ctx.db.get(`SELECT ${TASK_COLUMNS} FROM binder_tasks WHERE notion_id = ?`, [notionId]);
  return r ? toTask(r) : undefined;
}

/**
 * Inserts or updates by notionId; undefined fields keep their stored value.
 * A new status (including the first one seen) is recorded in the stage history.
 */
export function upsertTask(ctx: StoreContext, input: TaskInput): TaskRow {
  const now = ctx.now();
  return ctx.db.transaction(() => {
    const existing = getTask(ctx, input.notionId);
    const merged = { ...existing, ...definedOnly(input) };
    const status = merged.status ?? null;
    const values: SqlValue[] = [
      input.notionId,
      input.projectId,
      merged.title ?? null,
      status,
      merged.dueDate ?? null,
      JSON.stringify(merged.assignees ?? []),
      merged.path ?? null,
      input.updatedAt ?? now,
    ];
    ctx.db.run(`INSERT OR REPLACE INTO binder_tasks (${TASK_COLUMNS}) VALUES (${values.map(() => '?').join(',')})`, values);
    const previous = existing?.status ?? null;
    if (existing ? previous !== status : status !== null) {
      ctx.db.run('INSERT INTO task_stage_history (notion_id, project_id, from_status, to_status, changed_at) VALUES (?, ?, ?, ?, ?)', [
        input.notionId,
        input.projectId,
        previous,
        status,
        now,
      ]);
    }
    const row = getTask(ctx, input.notionId);
    if (!row) throw new Error(`task ${input.notionId} vanished`);
    return row;
  });
}

export function listTasks(ctx: StoreContext, projectId?: string): TaskRow[] {
  const rows =
    projectId === undefined
      ? ctx.db.all(`SELECT ${TASK_COLUMNS} FROM binder_tasks ORDER BY project_id, title, notion_id`)
      : ctx.db.all(`SELECT ${TASK_COLUMNS} FROM binder_tasks WHERE project_id = ? ORDER BY title, notion_id`, [projectId]);
  return rows.map(toTask);
}

/** Deletes the task; its stage history stays as a record. */
export function deleteTask(ctx: StoreContext, notionId: string): boolean {
  return ctx.db.transaction(() => ctx.db.run('DELETE FROM binder_tasks WHERE notion_id = ?', [notionId]) > 0);
}

export function getTaskStageHistory(ctx: StoreContext, notionId: string): TaskStageRow[] {
  return ctx.db
    .all('SELECT id, notion_id, project_id, from_status, to_status, changed_at FROM task_stage_history WHERE notion_id = ? ORDER BY changed_at, id', [notionId])
    .map((r) => ({
      id: int(r, 'id'),
      notionId: text(r, 'notion_id'),
      projectId: text(r, 'project_id'),
      fromStatus: textOrNull(r, 'from_status'),
      toStatus: textOrNull(r, 'to_status'),
      changedAt: int(r, 'changed_at'),
    }));
}
