// The parts of the installed extension's package.json the suites check against:
// read from the running extension (`packageJSON`), so the suites test what was
// actually installed from the vsix, not the working tree.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'notion-sync.notion-sync';

export interface Manifest {
  name: string;
  version: string;
  activationEvents?: string[];
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    viewsContainers: { activitybar: { id: string; title: string }[] };
    views: Record<string, { id: string; name: string }[]>;
    viewsWelcome?: { view: string; contents: string; when?: string }[];
    configuration: { properties: Record<string, { default?: unknown; type?: string | string[] }> };
  };
}

export function notionSync(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  return ext;
}

export function manifest(): Manifest {
  return notionSync().packageJSON as Manifest;
}
