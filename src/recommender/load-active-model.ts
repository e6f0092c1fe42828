import type { Kysely } from 'kysely';
import type { Database, Domain } from '../db/database.ts';
import type { LoadModelOptions } from './load-model-options.ts';
import { loadRecommenderModel } from './load-recommender-model.ts';
import type { RecommenderModel } from './recommender-model.ts';

/**
 * Loads the active recommender of a domain (see {@link loadRecommenderModel}), or null when
 * none is active yet (serve popular items then, with `model: null`).
 *
 * ```ts
 * const model = await loadActiveModel(db, 'music', { modelsDir: config.MODELS_DIR });
 * if (model) console.log(model.id, model.trainedAt, model.domain);
 * ```
 */
export async function loadActiveModel(db: Kysely<Database>, domain: Domain, options: LoadModelOptions = {}): Promise<RecommenderModel | null> {
  const row = await db
    .selectFrom('models')
    .select('id')
    .where('kind', '=', 'recommender')
    .where('domain', '=', domain)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return row === undefined ? null : loadRecommenderModel(db, row.id, options);
}
