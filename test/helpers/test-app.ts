import { pino } from 'pino';
import type { DatabaseHandle } from '../../src/db/create-database.ts';
import { createApp, type ApiFeature } from '../../src/http/create-app.ts';
import { createMetrics } from '../../src/http/metrics.ts';
import type { ModelHealth } from '../../src/http/health-router.ts';

export const TEST_KEYS = { api: 'test-api-key-0123456789', admin: 'test-admin-key-0123456789' };
export const auth = { Authorization: `Bearer ${TEST_KEYS.api}` };
export const adminAuth = { Authorization: `Bearer ${TEST_KEYS.admin}` };

/** The real app over a test database, silent logs, small limits where a test needs them. */
export function buildTestApp(database: DatabaseHandle, options: { features?: ApiFeature[]; bodyBytes?: number; modelHealth?: () => ModelHealth; onHistoryChanged?: (userIds: readonly string[]) => void } = {}) {
  const lifecycle = { draining: false };
  const metrics = createMetrics();
  const app = createApp({
    database,
    logger: pino({ level: 'silent' }),
    metrics,
    keys: TEST_KEYS,
    limits: { bodyBytes: options.bodyBytes ?? 10 * 1024 * 1024, maxEventSkewSeconds: 300 },
    lifecycle,
    features: options.features,
    modelHealth: options.modelHealth,
    onHistoryChanged: options.onHistoryChanged,
  });
  return { app, lifecycle, metrics };
}
