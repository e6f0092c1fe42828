import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { ModelLoader } from './active-model-host.ts';
import { decodeRecommenderArtifact } from './decode-recommender-artifact.ts';
import { loadItemCatalog } from './load-item-catalog.ts';
import { RecommenderModel } from './recommender-model.ts';
import { writeModelCache } from './write-model-cache.ts';

/**
 * The `ModelLoader` for `ActiveModelHost` (which has already fetched the row and verified the
 * sha256): writes the local cache (best effort, see {@link writeModelCache}), builds the
 * network, reads the catalog of the model's items, warms it with one prediction.
 *
 * ```ts
 * const host = new ActiveModelHost({ db, kind: 'recommender', domains: ['film', 'music'],
 *   load: recommenderModelLoader(db, { modelsDir: config.MODELS_DIR, logger }), logger, pollIntervalMs: 10_000 });
 * ```
 */
export function recommenderModelLoader(
  db: Kysely<Database>,
  options: { modelsDir?: string; cache?: boolean; logger?: { warn(details: object, message: string): void } } = {},
): ModelLoader<RecommenderModel> {
  return async (artifact, row) => {
    if (options.cache ?? true) {
      await writeModelCache(options.modelsDir ?? './models', row.id, artifact).catch((error: unknown) =>
        options.logger?.warn({ err: error, modelId: row.id }, 'could not write the model cache; serving from memory'),
      );
    }
    const { meta } = decodeRecommenderArtifact(artifact);
    const model = await RecommenderModel.fromArtifact(artifact, { id: row.id, catalog: await loadItemCatalog(db, meta.itemIds) });
    try {
      model.warm();
    } catch (error) {
      model.dispose();
      throw error;
    }
    return model;
  };
}
