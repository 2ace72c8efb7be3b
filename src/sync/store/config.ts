// notion_config: JSON settings. Never the API token: that lives in SecretStorage
// or NOTION_TOKEN, so token-looking keys are refused outright.
import type { StoreContext } from './context';
import { text } from './sqlite';
import type { JsonValue } from './types';

function assertNotSecret(key: string): void {
  if (/token|secret/i.test(key)) {
    throw new Error(`notion_config refuses key "${key}": tokens and secrets are never stored in the state database`);
  }
}

export function setConfig(ctx: StoreContext, key: string, value: JsonValue): void {
  assertNotSecret(key);
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`setConfig(${key}): value is not JSON-serialisable`);
  ctx.db.transaction(() =>
    ctx.db.run(
      'INSERT INTO notion_config (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      [key, json, ctx.now()],
    ),
  );
}

/** The stored value, parsed; T is the caller's promise about its shape. */
export function getConfig<T = JsonValue>(ctx: StoreContext, key: string): T | undefined {
  const r = ctx.db.get('SELECT value FROM notion_config WHERE key = ?', [key]);
  return r ? (JSON.parse(text(r, 'value')) as T) : undefined;
}

export function deleteConfig(ctx: StoreContext, key: string): boolean {
  return ctx.db.transaction(() => ctx.db.run('DELETE FROM notion_config WHERE key = ?', [key]) > 0);
}
