// The document model: mdast (CommonMark + GFM tables, strikethrough, task
// lists, math) plus extension nodes for what Notion has and markdown lacks.
// Every direction (Notion text, the user's file, canonical hash) goes through
// these types, so a construct is defined once.
import type { BlockContent, Node, Parent, PhrasingContent, Root, RootContent } from 'mdast';

/** A Notion callout; its first paragraph is the callout's own text, the rest its children. */
export interface CalloutNode extends Parent {
  type: 'callout';
  icon?: string;
  color?: string;
  children: BlockContent[];
}

/** A toggle, or a toggle heading (`heading` 1–4), with its title and its children. */
export interface ToggleNode extends Parent {
  type: 'toggle';
  heading?: number;
  color?: string;
  title: PhrasingContent[];
  children: BlockContent[];
}

export interface ColumnsNode extends Parent {
  type: 'columns';
  children: ColumnNode[];
}

export interface ColumnNode extends Parent {
  type: 'column';
  ratio?: string;
  children: BlockContent[];
}

/** A child page, child database or folder: Notion holds it, the page only names it. */
export interface ChildNode extends Node {
  type: 'notionChild';
  kind: 'page' | 'database' | 'folder';
  /** Every attribute as Notion sent it (url, data-source-url, inline, icon, color…). */
  attrs: Record<string, string>;
  title: string;
}

export interface TocNode extends Node {
  type: 'tableOfContents';
  color?: string;
}

/** Media and link blocks other than images: pdf, file, audio, video, bookmark, embed. */
export interface MediaNode extends Parent {
  type: 'notionMedia';
  kind: string;
  url: string;
  attrs: Record<string, string>;
  children: PhrasingContent[];
}

/**
 * A block markdown cannot say (synced block, unknown block, meeting notes,
 * styled table…): its Notion text kept byte for byte, never edited.
 */
export interface ProtectedNode extends Node {
  type: 'notionProtected';
  kind: string;
  raw: string;
}

/** `<mention url=…>Label</mention>` (page, database, user, agent…). */
export interface MentionNode extends Parent {
  type: 'notionMention';
  url: string;
  attrs: Record<string, string>;
  children: PhrasingContent[];
}

/** `<date start=… />`: attributes kept in v2 (kebab-case) spelling. */
export interface DateNode extends Node {
  type: 'notionDate';
  attrs: Record<string, string>;
}

/** Colored, underlined or commented text: `<span color>`, `<u>`. */
export interface SpanNode extends Parent {
  type: 'notionSpan';
  tag: 'span' | 'u';
  attrs: Record<string, string>;
  children: PhrasingContent[];
}

/** The extension block nodes, by type (merged into mdast's content maps below). */
export interface NotionBlockMap {
  callout: CalloutNode;
  toggle: ToggleNode;
  columns: ColumnsNode;
  column: ColumnNode;
  notionChild: ChildNode;
  tableOfContents: TocNode;
  notionMedia: MediaNode;
  notionProtected: ProtectedNode;
}

export interface NotionPhrasingMap {
  notionMention: MentionNode;
  notionDate: DateNode;
  notionSpan: SpanNode;
}

/* eslint-disable @typescript-eslint/no-empty-object-type -- declaration merging adds the maps' members */
declare module 'mdast' {
  interface BlockContentMap extends NotionBlockMap {}
  interface PhrasingContentMap extends NotionPhrasingMap {}
  interface RootContentMap extends NotionBlockMap, NotionPhrasingMap {}
  interface Data {
    /** Notion block color of a paragraph, heading, list item, quote, image… */
    notionColor?: string;
  }
}
/* eslint-enable @typescript-eslint/no-empty-object-type */

export type { BlockContent, PhrasingContent, Root, RootContent };

/** Block types whose content Notion owns: an edit that touches them is refused. */
export function isProtected(node: RootContent): boolean {
  return node.type === 'notionProtected' || node.type === 'tableOfContents';
}
