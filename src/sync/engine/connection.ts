// The Notion gateway, built in one place and only on first use: commands that
// never talk to Notion (status, resolve, listing conflicts…) never build one, so
// they work without a token, and one that does talk to Notion without a token
// gets a clear error instead of a request with a made-up token.
import type { Logger } from '../logger';
import type { BudgetLimiter } from '../notion/budgetLimiter';
import { NotionGateway } from '../notion/gateway';
import { SettingsError } from '../settings';

export class MissingTokenError extends SettingsError {
  constructor() {
    super('no Notion API token: set NOTION_TOKEN (CLI) or run "Notion Sync: Set API Token" (VS Code)');
  }
}

export interface GatewayParts {
  token: string | undefined;
  baseUrl: string;
  logger: Logger;
  requestsPerMinute?: number;
  /** One budget for several gateways of the same token (see NotionGatewayOptions.limiter). */
  limiter?: BudgetLimiter;
  fetch?: typeof fetch;
}

/** The only place a NotionGateway is made for the engine, the CLI and the extension. */
export function buildGateway(p: GatewayParts): NotionGateway {
  if (!p.token) throw new MissingTokenError();
  return new NotionGateway({
    token: p.token,
    baseUrl: p.baseUrl,
    logger: p.logger,
    requestsPerMinute: p.requestsPerMinute,
    limiter: p.limiter,
    fetch: p.fetch,
    // The document model reads and writes Notion-flavored Markdown v2 (v1 is deprecated; a v1 answer is still read).
    markdownVersion: 'v2',
  });
}

export class LazyGateway {
  private gateway: NotionGateway | null = null;
  private readonly waiting = new Set<(g: NotionGateway) => void>();

  constructor(private readonly parts: GatewayParts) {}

  /** Builds the gateway on first call; throws MissingTokenError without a token. */
  get(): NotionGateway {
    if (!this.gateway) {
      this.gateway = buildGateway(this.parts);
      for (const w of this.waiting) w(this.gateway);
      this.waiting.clear();
    }
    return this.gateway;
  }

  /** The gateway if something already built it, without building it. */
  get built(): NotionGateway | null {
    return this.gateway;
  }

  /** Runs `fn` with the gateway once it is built (now, if it is). */
  whenBuilt(fn: (g: NotionGateway) => void): void {
    if (this.gateway) fn(this.gateway);
    else this.waiting.add(fn);
  }
}
