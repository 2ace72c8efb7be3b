// The emulator's state: the workspace, knobs, request log and webhook hub,
// independent of HTTP so the control API and the server share one object.
import type { Logger } from './log';
import { stableId } from './ids';
import { defaultKnobs, type Knobs } from './knobs';
import { Limits } from './limits';
import { SearchIndex } from './searchIndex';
import { seedWorkspace, WORKSPACE_NAME, type SeedName } from './seed';
import { Clock } from './time';
import { WebhookHub } from './webhooks';
import { Workspace } from './workspace';

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  at: string;
  /** Set when the emulator dropped the connection on purpose. */
  dropped?: boolean;
  /**
   * PATCH page markdown: how many of the page's top-level blocks (each list item is one)
   * the request rewrote: those its `old_str` texts covered, or all of them for `replace_content`.
   */
  blocksCovered?: number;
}

/** One request to the file server (`/files/…`): kept apart from the API log, since it costs no API budget. */
export interface FileRequestLogEntry {
  method: string;
  /** The URL path, without the signature. */
  path: string;
  status: number;
  /** Body bytes sent (0 for HEAD and refusals). */
  bytes: number;
  at: string;
}

export interface ResetOptions {
  seed?: SeedName;
  pages?: number;
  rows?: number;
}

export class Emulator {
  ws: Workspace;
  readonly clock = new Clock();
  readonly knobs: Knobs = defaultKnobs();
  readonly limits = new Limits();
  search!: SearchIndex;
  readonly requests: RequestLogEntry[] = [];
  readonly fileRequests: FileRequestLogEntry[] = [];
  readonly hub: WebhookHub;
  readonly workspaceId = stableId('workspace');
  readonly workspaceName = WORKSPACE_NAME;
  readonly integrationId = stableId('integration');
  /** The server's address, once it listens; hosted file URLs point at it. */
  private baseUrl = 'http://127.0.0.1';

  constructor(
    readonly logger: Logger,
    initial: ResetOptions,
  ) {
    this.ws = this.build(initial);
    this.hub = new WebhookHub(this.ws, { workspaceId: this.workspaceId, workspaceName: this.workspaceName, integrationId: this.integrationId }, logger);
  }

  private build(opts: ResetOptions): Workspace {
    const ws = new Workspace(this.clock, this.knobs);
    seedWorkspace(ws, opts.seed ?? 'demo', opts.pages ?? 0, opts.rows ?? 0);
    this.search = new SearchIndex(ws);
    ws.files.baseUrl = this.baseUrl;
    return ws;
  }

  reset(opts: ResetOptions): void {
    this.ws = this.build(opts);
    this.hub.attach(this.ws);
    this.requests.length = 0;
    this.fileRequests.length = 0;
  }

  setBaseUrl(url: string): void {
    this.baseUrl = url;
    this.ws.files.baseUrl = url;
  }

  logRequest(entry: RequestLogEntry): void {
    this.requests.push(entry);
    if (this.requests.length > 100_000) this.requests.splice(0, this.requests.length - 100_000);
  }

  logFileRequest(entry: FileRequestLogEntry): void {
    this.fileRequests.push(entry);
    if (this.fileRequests.length > 100_000) this.fileRequests.splice(0, this.fileRequests.length - 100_000);
  }
}
