import { sql, type Kysely } from 'kysely';
import type { Database, ModelRow } from '../db/database.ts';

/** Why a model may not be activated. */
export class ActivationRefusedError extends Error {
  override readonly name = 'ActivationRefusedError';
}

/**
 * Makes a model the active one of its kind and domain in one transaction: the previous active model becomes
 * `retired`. A `rejected` model needs `force`. Returns the previous active model's id.
 *
 * ```ts
 * const previous = await activateModel(db, 12, { force: false });
 * await bus.publish({ kind: 'recommender', domain: 'film', modelId: 12 });
 * ```
 */
export async function activateModel(db: Kysely<Database>, id: number, options: { force: boolean; reason?: string }): Promise<{ model: Omit<ModelRow, 'artifact'>; previousId: number | null }> {
  return db.transaction().execute(async (trx) => {
    const model = await trx
      .selectFrom('models')
      .select(['id', 'kind', 'domain', 'status', 'metrics', 'params', 'meta', 'sha256', 'size_bytes', 'trained_from', 'reason', 'created_at', 'activated_at'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!model) throw new ActivationRefusedError(`no model with id ${id}`);
    if (model.status === 'rejected' && !options.force) {
      throw new ActivationRefusedError(`model ${id} was rejected by the quality gate (${model.reason ?? 'no reason recorded'}); pass force to activate it anyway`);
    }
    const previous = await trx
      .updateTable('models')
      .set({ status: 'retired' })
      .where('kind', '=', model.kind)
      .where('domain', '=', model.domain)
      .where('status', '=', 'active')
      .where('id', '!=', id)
      .returning('id')
      .executeTakeFirst();
    const activated = await trx
      .updateTable('models')
      .set({ status: 'active', activated_at: sql`now()`, ...(options.reason ? { reason: options.reason } : {}) })
      .where('id', '=', id)
      .returning(['id', 'kind', 'domain', 'status', 'metrics', 'params', 'meta', 'sha256', 'size_bytes', 'trained_from', 'reason', 'created_at', 'activated_at'])
      .executeTakeFirstOrThrow();
    return { model: activated, previousId: previous?.id ?? (model.status === 'active' ? model.id : null) };
  });
}
