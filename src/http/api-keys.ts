import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The bearer keys of the API and of its admin routes. */
export interface ApiKeys {
  api: string;
  admin: string;
}

/**
 * Keys from the configuration, or (embedded defaults only) keys generated once and kept in `file` so they survive
 * restarts. `generated` is true only on the start that created them, which is when they should be printed.
 *
 * ```ts
 * const { keys, generated } = resolveApiKeys({ api: config.API_KEY, admin: config.ADMIN_API_KEY }, './data/api-keys.json');
 * ```
 */
export function resolveApiKeys(configured: { api?: string; admin?: string }, file: string): { keys: ApiKeys; generated: boolean; stored: boolean } {
  if (configured.api && configured.admin) return { keys: { api: configured.api, admin: configured.admin }, generated: false, stored: false };
  let stored: Partial<ApiKeys> = {};
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<ApiKeys>;
  const keys: ApiKeys = {
    api: configured.api ?? stored.api ?? `sk_${randomBytes(24).toString('base64url')}`,
    admin: configured.admin ?? stored.admin ?? `ak_${randomBytes(24).toString('base64url')}`,
  };
  const generated = keys.api !== (configured.api ?? stored.api) || keys.admin !== (configured.admin ?? stored.admin);
  if (generated) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ api: keys.api, admin: keys.admin }, null, 2), { mode: 0o600 });
  }
  return { keys, generated, stored: !generated };
}
