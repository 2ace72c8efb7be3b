// Problems-panel entries for workspace files the engine cannot track (invalid
// frontmatter, duplicate notion_id…). Pure: the adapter builds vscode.Diagnostics.
import type { Diagnostic } from '../sync/documents/diagnostics';
import type { DocumentRow } from '../sync/store/types';

export interface Problem {
  /** 0-based, for vscode.Range. */
  line: number;
  column: number;
  message: string;
  severity: 'error' | 'warning';
}

/**
 * The last workspace scan's diagnostics (with positions) when there was one this
 * session; before that, the messages stored on document rows (without positions).
 */
export function problemsByPath(scan: readonly Diagnostic[] | null, documents: readonly DocumentRow[]): Map<string, Problem[]> {
  const out = new Map<string, Problem[]>();
  for (const d of scan ?? []) {
    const list = out.get(d.path) ?? [];
    list.push({ line: Math.max(0, (d.line ?? 1) - 1), column: Math.max(0, (d.column ?? 1) - 1), message: d.message, severity: d.severity });
    out.set(d.path, list);
  }
  if (scan) return out;
  for (const doc of documents) {
    if (doc.diagnostics.length === 0) continue;
    out.set(
      doc.path,
      doc.diagnostics.map((message) => ({ line: 0, column: 0, message, severity: 'warning' as const })),
    );
  }
  return out;
}
