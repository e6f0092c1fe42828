import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database, ModelKind, ModelRow } from '../db/database.ts';
import type { ServiceMetrics } from '../http/metrics.ts';
import { ModelSlot, type ModelLease, type ServableModel } from './model-slot.ts';

/** Builds a servable model from a verified artifact and warms it with one prediction. */
export type ModelLoader<M extends ServableModel> = (artifact: Uint8Array, row: ModelRow) => Promise<M>;

/** The last failed load of a domain, as `/readyz` shows it. */
export interface ModelLoadFailure {
  domain: string;
  modelId: number;
  step: 'fetch' | 'verify' | 'build';
  message: string;
  at: string;
}

export interface ActiveModelHostOptions<M extends ServableModel> {
  db: Kysely<Database>;
  kind: ModelKind;
  domains: readonly string[];
  load: ModelLoader<M>;
  logger: Logger;
  metrics?: ServiceMetrics;
  pollIntervalMs: number;
}

interface Loaded {
  modelId: number;
  sha256: string;
  loadedAt: Date;
  trainedAt: Date;
}

/**
 * Keeps one process's active models in step with the `models` table: on a signal or on each poll it loads the newly
 * active model (fetch, verify sha256, build, warm) and swaps it in; requests in flight finish on the old model. A
 * failure at any step keeps the old model, is logged, and is listed by {@link ActiveModelHost.health}.
 *
 * ```ts
 * const host = new ActiveModelHost({ db, kind: 'recommender', domains: ['film', 'music'], load, logger, pollIntervalMs: 10_000 });
 * await host.start();
 * bus.subscribe((event) => void host.sync(event.domain));
 * ```
 */
export class ActiveModelHost<M extends ServableModel> {
  readonly #options: ActiveModelHostOptions<M>;
  readonly #slots = new Map<string, ModelSlot<M>>();
  readonly #loaded = new Map<string, Loaded>();
  readonly #failures = new Map<string, ModelLoadFailure>();
  readonly #syncing = new Map<string, Promise<void>>();
  readonly #rerun = new Set<string>();
  #timer: NodeJS.Timeout | undefined;

  constructor(options: ActiveModelHostOptions<M>) {
    this.#options = options;
    for (const domain of options.domains) this.#slots.set(domain, new ModelSlot<M>());
  }

  /** Loads what is active now, then polls. */
  async start(): Promise<void> {
    await this.syncAll();
    this.#timer = setInterval(() => void this.syncAll(), this.#options.pollIntervalMs);
    this.#timer.unref();
  }

  async syncAll(): Promise<void> {
    await Promise.all(this.#options.domains.map((domain) => this.sync(domain)));
  }

  /** Brings one domain up to date; concurrent calls coalesce into at most one more pass. */
  sync(domain: string): Promise<void> {
    if (!this.#slots.has(domain)) return Promise.resolve();
    const running = this.#syncing.get(domain);
    if (running) {
      this.#rerun.add(domain);
      return running;
    }
    const pass = this.#syncOnce(domain).finally(() => {
      this.#syncing.delete(domain);
      if (this.#rerun.delete(domain)) void this.sync(domain);
    });
    this.#syncing.set(domain, pass);
    return pass;
  }

  lease(domain: string): ModelLease<M> | undefined {
    return this.#slots.get(domain)?.lease();
  }

  /** Loaded versions and failed loads, for `/readyz`. */
  health(): { models: Record<string, unknown>; errors: string[] } {
    const models: Record<string, unknown> = {};
    for (const domain of this.#options.domains) {
      const loaded = this.#loaded.get(domain);
      const failure = this.#failures.get(domain);
      models[`${this.#options.kind}:${domain}`] = {
        model_id: loaded?.modelId ?? null,
        sha256: loaded?.sha256 ?? null,
        trained_at: loaded?.trainedAt.toISOString() ?? null,
        loaded_at: loaded?.loadedAt.toISOString() ?? null,
        ...(failure ? { last_failure: failure } : {}),
      };
    }
    const errors = [...this.#failures.values()].map(
      (failure) => `${this.#options.kind}:${failure.domain} model ${failure.modelId} failed at ${failure.step}: ${failure.message}; serving ${this.#loaded.get(failure.domain)?.modelId ?? 'no model'}`,
    );
    return { models, errors };
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await Promise.allSettled(this.#syncing.values());
  }

  async #syncOnce(domain: string): Promise<void> {
    const { db, kind, logger } = this.#options;
    let active: Pick<ModelRow, 'id' | 'sha256'> | undefined;
    try {
      active = await db.selectFrom('models').select(['id', 'sha256']).where('kind', '=', kind).where('domain', '=', domain).where('status', '=', 'active').executeTakeFirst();
    } catch (error) {
      logger.warn({ err: error, domain }, 'could not check the active model; keeping the current one');
      return;
    }
    const loaded = this.#loaded.get(domain);
    if (!active || active.id === loaded?.modelId) return;
    const failed = this.#failures.get(domain);
    if (failed?.modelId === active.id) return;

    const started = performance.now();
    let step: ModelLoadFailure['step'] = 'fetch';
    try {
      const row = await db.selectFrom('models').selectAll().where('id', '=', active.id).executeTakeFirstOrThrow();
      step = 'verify';
      const artifact = row.artifact;
      const digest = createHash('sha256').update(artifact).digest('hex');
      if (digest !== row.sha256) throw new Error(`sha256 mismatch: stored ${row.sha256.slice(0, 12)}…, artifact hashes to ${digest.slice(0, 12)}…`);
      step = 'build';
      const model = await this.#options.load(artifact, row);
      this.#slots.get(domain)!.swap(model);
      this.#loaded.set(domain, { modelId: row.id, sha256: row.sha256, loadedAt: new Date(), trainedAt: row.created_at });
      this.#failures.delete(domain);
      this.#options.metrics?.modelVersion.set({ kind, domain }, row.id);
      this.#options.metrics?.modelSwaps.inc({ domain, outcome: 'swapped' });
      logger.info({ kind, domain, modelId: row.id, previous: loaded?.modelId ?? null, ms: Math.round(performance.now() - started) }, 'model swapped in');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.#failures.set(domain, { domain, modelId: active.id, step, message, at: new Date().toISOString() });
      this.#options.metrics?.modelSwaps.inc({ domain, outcome: 'failed' });
      logger.error({ kind, domain, modelId: active.id, step, err: error, serving: loaded?.modelId ?? null }, 'model load failed; keeping the current model');
    }
  }
}
