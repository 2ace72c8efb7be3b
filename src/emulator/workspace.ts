// The emulated workspace: pages, blocks, databases, data sources and users held in
// memory, with every mutation reported as a ChangeEvent (for webhooks).
import { newId, notionUrl } from './ids';
import { FileStore } from './files';
import { defaultKnobs, type Knobs } from './knobs';
import { UploadStore } from './uploads';
import { notFound, validationError } from './errors';
import type { Json } from './json';
import type {
  BlockInput,
  BlockRec,
  ChangeEvent,
  DatabaseRec,
  DataSourceRec,
  PageRec,
  Parent,
  PropSchema,
  PropValue,
  UserRec,
} from './model';
import { matchUnchanged } from './matchBlocks';
import { plainText, type RichText } from './richText';
import { Clock } from './time';

/** BlockInput type that keeps an existing block, page or database by id (markdown updates). */
export const KEEP_TYPE = '__keep';

export type Position = { type: 'start' } | { type: 'end' } | { type: 'after'; id: string };

export class Workspace {
  readonly pages = new Map<string, PageRec>();
  readonly blocks = new Map<string, BlockRec>();
  readonly databases = new Map<string, DatabaseRec>();
  readonly dataSources = new Map<string, DataSourceRec>();
  readonly users = new Map<string, UserRec>();
  /** Ordered child ids of pages and blocks (child pages and databases included). */
  private readonly children = new Map<string, string[]>();
  private readonly listeners: Array<(e: ChangeEvent) => void> = [];
  botId = '';

  /** Notion-hosted files and the File Upload API's records. */
  readonly files: FileStore;
  readonly uploads: UploadStore;

  /** The emulator's live knobs: rendering (URL host, callout form) and plan limits read them. */
  constructor(
    readonly clock: Clock,
    readonly knobs: Knobs = defaultKnobs(),
  ) {
    this.files = new FileStore(clock);
    this.uploads = new UploadStore(clock, knobs, this.files);
  }

  /** The URL of a page or database with the current host knob. */
  urlOf(id: string): string {
    return notionUrl(this.titleById(id) ?? '', id, this.knobs.pageUrlHost);
  }

  onChange(listener: (e: ChangeEvent) => void): void {
    this.listeners.push(listener);
  }

  private emit(e: Omit<ChangeEvent, 'at'>): void {
    const event: ChangeEvent = { ...e, at: this.clock.now() };
    for (const l of this.listeners) l(event);
  }

  // ---- users

  addUser(user: UserRec): UserRec {
    this.users.set(user.id, user);
    if (user.type === 'bot' && !this.botId) this.botId = user.id;
    return user;
  }

  people(): UserRec[] {
    return [...this.users.values()].filter((u) => u.type === 'person');
  }

  // ---- lookups

  page(id: string): PageRec {
    const p = this.pages.get(id);
    if (!p) throw notFound('page', id);
    return p;
  }

  dataSource(id: string): DataSourceRec {
    const d = this.dataSources.get(id);
    if (!d) throw notFound('data_source', id);
    return d;
  }

  database(id: string): DatabaseRec {
    const d = this.databases.get(id);
    if (!d) throw notFound('database', id);
    return d;
  }

  /** Ids in a page's or block's children list; trashed children are hidden unless asked for. */
  childIds(containerId: string, includeTrashed = false): string[] {
    const ids = this.children.get(containerId) ?? [];
    return includeTrashed ? [...ids] : ids.filter((id) => !this.isTrashed(id));
  }

  hasChildren(id: string): boolean {
    return this.childIds(id).length > 0;
  }

  isTrashed(id: string): boolean {
    return (this.pages.get(id) ?? this.blocks.get(id) ?? this.databases.get(id))?.inTrash ?? false;
  }

  /** Whether an id is something that may have block children (a page or a block). */
  isContainer(id: string): boolean {
    return this.pages.has(id) || this.blocks.has(id);
  }

  schemaOf(page: PageRec): PropSchema[] {
    if (page.parent.kind === 'data_source') return this.dataSource(page.parent.id).properties;
    return [{ id: 'title', name: 'title', type: 'title', config: {} }];
  }

  titleOf(page: PageRec): string {
    for (const schema of this.schemaOf(page)) {
      if (schema.type === 'title') return plainText((page.properties[schema.name]?.value as RichText[] | undefined) ?? []);
    }
    return '';
  }

  titleProp(page: PageRec): string {
    return this.schemaOf(page).find((s) => s.type === 'title')?.name ?? 'title';
  }

  /** Title for mentions and child_page/child_database blocks. */
  titleById(id: string): string | undefined {
    const p = this.pages.get(id);
    if (p) return this.titleOf(p);
    const d = this.databases.get(id);
    if (d) return plainText(d.title);
    const ds = this.dataSources.get(id);
    return ds ? plainText(ds.title) : undefined;
  }

  /** The page a block belongs to (walks up through parent blocks). */
  owningPage(id: string): PageRec | undefined {
    let cur: string | undefined = id;
    for (let guard = 0; cur && guard < 1000; guard++) {
      const page = this.pages.get(cur);
      if (page) return page;
      const block = this.blocks.get(cur);
      if (!block || block.parent.kind === 'workspace' || block.parent.kind === 'data_source') return undefined;
      cur = block.parent.id;
    }
    return undefined;
  }

  webhookParent(parent: Parent): ChangeEvent['parent'] {
    switch (parent.kind) {
      case 'workspace':
        return { id: 'workspace', type: 'space' };
      case 'page':
        return { id: parent.id, type: 'page' };
      case 'block':
        return { id: parent.id, type: 'block' };
      case 'data_source': {
        const ds = this.dataSource(parent.id);
        return { id: ds.databaseId, type: 'database', data_source_id: ds.id };
      }
    }
  }

  // ---- mutations

  private meta(actor: string, id = newId()) {
    const now = this.clock.now();
    return { id, createdTime: now, lastEditedTime: now, createdBy: actor, lastEditedBy: actor, inTrash: false };
  }

  private insertChildIds(containerId: string, ids: string[], position: Position): void {
    const list = this.children.get(containerId) ?? [];
    let at = list.length;
    if (position.type === 'start') at = 0;
    if (position.type === 'after') {
      const i = list.indexOf(position.id);
      if (i < 0) throw validationError(`Block ${position.id} is not a child of ${containerId}.`);
      at = i + 1;
    }
    list.splice(at, 0, ...ids);
    this.children.set(containerId, list);
  }

  private removeChildId(containerId: string, id: string): void {
    const list = this.children.get(containerId);
    if (!list) return;
    const i = list.indexOf(id);
    if (i >= 0) list.splice(i, 1);
  }

  private parentContainerId(parent: Parent): string | undefined {
    return parent.kind === 'page' || parent.kind === 'block' ? parent.id : undefined;
  }

  createPage(args: {
    parent: Parent;
    properties: Record<string, PropValue>;
    icon?: Json | null;
    cover?: Json | null;
    actor: string;
    id?: string;
    content?: BlockInput[];
    at?: number;
  }): PageRec {
    const page: PageRec = { object: 'page', ...this.meta(args.actor, args.id), parent: args.parent, properties: args.properties, icon: args.icon ?? null, cover: args.cover ?? null };
    if (args.at !== undefined) page.createdTime = page.lastEditedTime = args.at;
    this.pages.set(page.id, page);
    const container = this.parentContainerId(args.parent);
    if (container) this.insertChildIds(container, [page.id], { type: 'end' });
    if (args.content?.length) this.insertTree(page.id, args.content, { type: 'end' }, args.actor);
    if (args.at !== undefined) page.lastEditedTime = args.at;
    this.emit({ type: 'page.created', entity: { id: page.id, type: 'page' }, parent: this.webhookParent(page.parent), authorId: args.actor });
    if (page.parent.kind === 'data_source') this.emitDataSourceContent(page.parent.id, args.actor);
    return page;
  }

  createDatabase(args: {
    parent: Parent;
    title: RichText[];
    properties: PropSchema[];
    actor: string;
    id?: string;
    dataSourceId?: string;
    isInline?: boolean;
    icon?: Json | null;
  }): { database: DatabaseRec; dataSource: DataSourceRec } {
    const database: DatabaseRec = {
      object: 'database',
      ...this.meta(args.actor, args.id),
      parent: args.parent,
      title: args.title,
      isInline: args.isInline ?? false,
      dataSourceIds: [],
      icon: args.icon ?? null,
    };
    const dataSource: DataSourceRec = { object: 'data_source', ...this.meta(args.actor, args.dataSourceId), databaseId: database.id, title: args.title, properties: args.properties };
    database.dataSourceIds.push(dataSource.id);
    this.databases.set(database.id, database);
    this.dataSources.set(dataSource.id, dataSource);
    const container = this.parentContainerId(args.parent);
    if (container) this.insertChildIds(container, [database.id], { type: 'end' });
    return { database, dataSource };
  }

  /** Inserts validated block trees under a page or block; returns the top-level ids. */
  insertTree(containerId: string, inputs: BlockInput[], position: Position, actor: string): string[] {
    if (!this.isContainer(containerId)) throw notFound('block', containerId);
    const top = inputs.map((input) => this.materialize(containerId, input, actor));
    this.insertChildIds(containerId, top, position);
    this.touchContent(containerId, top, actor);
    return top;
  }

  /** Creates a block (and its children) under a parent, or re-parents a kept one; returns its id. */
  private materialize(parentId: string, input: BlockInput, actor: string): string {
    const parent: Parent = this.pages.has(parentId) ? { kind: 'page', id: parentId } : { kind: 'block', id: parentId };
    if (input.type === KEEP_TYPE) {
      const id = String(input.payload.id);
      const rec = this.blocks.get(id) ?? this.pages.get(id) ?? this.databases.get(id);
      if (!rec) return '';
      const oldContainer = 'parent' in rec ? this.parentContainerId(rec.parent) : undefined;
      if (oldContainer && oldContainer !== parentId) this.removeChildId(oldContainer, id);
      if (oldContainer === parentId) this.removeChildId(parentId, id);
      rec.parent = parent;
      if (rec.object === 'block') rec.inTrash = false;
      return id;
    }
    const rec: BlockRec = { object: 'block', ...this.meta(actor), parent, type: input.type, payload: input.payload };
    this.blocks.set(rec.id, rec);
    const kids = input.children.map((c) => this.materialize(rec.id, c, actor)).filter(Boolean);
    if (kids.length) this.children.set(rec.id, kids);
    return rec.id;
  }

  /**
   * Replaces a page's content with parsed items, keeping blocks whose markdown did not
   * change (matched by longest common subsequence), so their ids survive like in Notion.
   */
  replaceContent(
    pageId: string,
    items: Array<{ input: BlockInput; source: string }>,
    oldChunks: Array<{ id: string; text: string }>,
    allowDeleting: boolean,
    actor: string,
  ): void {
    this.page(pageId);
    const n = oldChunks.length;
    const keepOld = matchUnchanged(oldChunks, items);
    const referenced = new Set<string>(keepOld.values());
    const collect = (input: BlockInput) => {
      if (input.type === KEEP_TYPE) referenced.add(String(input.payload.id));
      input.children.forEach(collect);
    };
    items.forEach((it, j) => keepOld.has(j) || collect(it.input));
    const removed = oldChunks.map((c) => c.id).filter((id) => !referenced.has(id));
    const removedPages = removed.filter((id) => this.pages.has(id) || this.databases.has(id));
    if (removedPages.length && !allowDeleting) {
      throw validationError(`The update would delete ${removedPages.length} child page(s) or database(s); pass allow_deleting_content: true to allow it.`);
    }
    const now = this.clock.now();
    const created: string[] = [];
    const order: string[] = [];
    items.forEach((it, j) => {
      const kept = keepOld.get(j);
      if (kept) order.push(kept);
      else {
        const id = this.materialize(pageId, it.input, actor);
        if (id) {
          order.push(id);
          if (it.input.type !== KEEP_TYPE) created.push(id);
        }
      }
    });
    for (const id of removed) {
      const block = this.blocks.get(id);
      if (block) {
        block.inTrash = true;
        block.lastEditedTime = now;
        block.lastEditedBy = actor;
      } else if (this.pages.has(id)) this.trashPage(id, actor);
    }
    // Trashed child pages stay in the list (hidden), so restoring them puts them back.
    const trashedKids = this.childIds(pageId, true).filter((id) => !order.includes(id) && (this.pages.has(id) || this.databases.has(id)));
    this.children.set(pageId, [...order, ...trashedKids]);
    if (created.length || removed.length || order.length !== n) this.touchContent(pageId, [...created, ...removed], actor);
  }

  updateBlock(id: string, payload: Json, actor: string): BlockRec {
    const block = this.blocks.get(id);
    if (!block) throw notFound('block', id);
    block.payload = payload;
    block.lastEditedTime = this.clock.now();
    block.lastEditedBy = actor;
    this.touchContent(id, [id], actor);
    return block;
  }

  trashBlock(id: string, actor: string, inTrash = true): BlockRec {
    const block = this.blocks.get(id);
    if (!block) throw notFound('block', id);
    block.inTrash = inTrash;
    block.lastEditedTime = this.clock.now();
    block.lastEditedBy = actor;
    this.touchContent(id, [id], actor);
    return block;
  }

  /** Bumps the owning page and reports page.content_updated. */
  private touchContent(id: string, updatedBlocks: string[], actor: string): void {
    const page = this.owningPage(id);
    const now = this.clock.now();
    const block = this.blocks.get(id);
    if (block) {
      block.lastEditedTime = now;
      block.lastEditedBy = actor;
    }
    if (!page) return;
    page.lastEditedTime = now;
    page.lastEditedBy = actor;
    this.emit({
      type: 'page.content_updated',
      entity: { id: page.id, type: 'page' },
      parent: this.webhookParent(page.parent),
      authorId: actor,
      updatedBlocks: updatedBlocks.length ? updatedBlocks : [page.id],
    });
  }

  setProperties(pageId: string, values: Record<string, PropValue>, actor: string): PageRec {
    const page = this.page(pageId);
    const schema = this.schemaOf(page);
    const changed: string[] = [];
    let titleChanged = false;
    for (const [name, v] of Object.entries(values)) {
      if (JSON.stringify(page.properties[name]) === JSON.stringify(v)) continue;
      page.properties[name] = v;
      const s = schema.find((x) => x.name === name);
      changed.push(s?.id ?? name);
      if (v.type === 'title') titleChanged = true;
    }
    if (!changed.length) return page;
    page.lastEditedTime = this.clock.now();
    page.lastEditedBy = actor;
    const parent = this.webhookParent(page.parent);
    this.emit({ type: 'page.properties_updated', entity: { id: page.id, type: 'page' }, parent, authorId: actor, updatedProperties: changed });
    // A title edit also fires page.content_updated (Notion's documented behaviour).
    if (titleChanged) this.emit({ type: 'page.content_updated', entity: { id: page.id, type: 'page' }, parent, authorId: actor, updatedBlocks: [page.id] });
    if (page.parent.kind === 'data_source') this.emitDataSourceContent(page.parent.id, actor);
    return page;
  }

  setPageIcon(pageId: string, icon: Json | null, cover: Json | null | undefined, actor: string): void {
    const page = this.page(pageId);
    page.icon = icon;
    if (cover !== undefined) page.cover = cover;
    page.lastEditedTime = this.clock.now();
    page.lastEditedBy = actor;
    this.emit({ type: 'page.properties_updated', entity: { id: page.id, type: 'page' }, parent: this.webhookParent(page.parent), authorId: actor, updatedProperties: [] });
  }

  trashPage(pageId: string, actor: string, inTrash = true): PageRec {
    const page = this.page(pageId);
    if (page.inTrash === inTrash) return page;
    page.inTrash = inTrash;
    page.lastEditedTime = this.clock.now();
    page.lastEditedBy = actor;
    this.emit({ type: inTrash ? 'page.deleted' : 'page.undeleted', entity: { id: page.id, type: 'page' }, parent: this.webhookParent(page.parent), authorId: actor });
    if (page.parent.kind === 'data_source') this.emitDataSourceContent(page.parent.id, actor);
    return page;
  }

  movePage(pageId: string, newParent: Parent, actor: string): PageRec {
    const page = this.page(pageId);
    if (newParent.kind === 'page' || newParent.kind === 'block') {
      if (!this.isContainer(newParent.id)) throw notFound('page', newParent.id);
      for (let cur: PageRec | undefined = this.owningPage(newParent.id); cur; ) {
        if (cur.id === page.id) throw validationError('A page cannot be moved into itself or its own descendants.');
        const p: Parent = cur.parent;
        cur = p.kind === 'page' || p.kind === 'block' ? this.owningPage(p.id) : undefined;
      }
    }
    if (newParent.kind === 'data_source') {
      const ds = this.dataSource(newParent.id);
      const titleName = ds.properties.find((s) => s.type === 'title')?.name ?? 'Name';
      const oldTitle = Object.values(page.properties).find((v) => v.type === 'title');
      page.properties = oldTitle ? { [titleName]: oldTitle } : {};
    } else if (page.parent.kind === 'data_source') {
      const oldTitle = Object.values(page.properties).find((v) => v.type === 'title');
      page.properties = { title: oldTitle ?? { type: 'title', value: [] } };
    }
    const oldContainer = this.parentContainerId(page.parent);
    if (oldContainer) this.removeChildId(oldContainer, page.id);
    const oldDs = page.parent.kind === 'data_source' ? page.parent.id : undefined;
    page.parent = newParent;
    const container = this.parentContainerId(newParent);
    if (container) this.insertChildIds(container, [page.id], { type: 'end' });
    page.lastEditedTime = this.clock.now();
    page.lastEditedBy = actor;
    this.emit({ type: 'page.moved', entity: { id: page.id, type: 'page' }, parent: this.webhookParent(newParent), authorId: actor });
    if (oldDs) this.emitDataSourceContent(oldDs, actor);
    if (newParent.kind === 'data_source') this.emitDataSourceContent(newParent.id, actor);
    return page;
  }

  updateSchema(dataSourceId: string, properties: PropSchema[], title: RichText[] | undefined, actor: string): DataSourceRec {
    const ds = this.dataSource(dataSourceId);
    ds.properties = properties;
    if (title) ds.title = title;
    ds.lastEditedTime = this.clock.now();
    ds.lastEditedBy = actor;
    this.emit({ type: 'data_source.schema_updated', entity: { id: ds.id, type: 'data_source' }, parent: { id: ds.databaseId, type: 'database' }, authorId: actor });
    return ds;
  }

  private emitDataSourceContent(dataSourceId: string, actor: string): void {
    const ds = this.dataSources.get(dataSourceId);
    if (!ds) return;
    ds.lastEditedTime = this.clock.now();
    // A data source's parent is its database.
    this.emit({ type: 'data_source.content_updated', entity: { id: ds.id, type: 'data_source' }, parent: { id: ds.databaseId, type: 'database' }, authorId: actor });
  }

  /** Every live page whose parent is the data source. */
  rowsOf(dataSourceId: string): PageRec[] {
    const rows: PageRec[] = [];
    for (const p of this.pages.values()) if (p.parent.kind === 'data_source' && p.parent.id === dataSourceId && !p.inTrash) rows.push(p);
    return rows;
  }
}
