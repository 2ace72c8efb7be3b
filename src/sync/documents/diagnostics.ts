/** Why a workspace file is present but not tracked as a document (or a warning about one). */
export type DiagnosticCode =
  | 'invalid-frontmatter'
  | 'binary'
  | 'too-large'
  | 'unreadable'
  /** A symbolic link: never followed, read or written through. */
  | 'symlink'
  /** Two files carry the same `notion_id`; the later one gets its own local id. */
  | 'duplicate-notion-id'
  /** Bidirectional mode: what the next push would change or leave out in Notion. */
  | 'notion-limit'
  /** A medium Notion hosts whose first download failed: its link leads nowhere until a retry fetches it. */
  | 'media-missing';

export interface Diagnostic {
  /** Workspace-relative posix path (or the path given to `parseDocument`). */
  path: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
  severity: 'error' | 'warning';
  message: string;
  code: DiagnosticCode;
}
