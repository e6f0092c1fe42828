import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { sha256Hex } from '../ml/sha256-hex.ts';
import { decodeRecommenderArtifact } from './decode-recommender-artifact.ts';
import type { LoadModelOptions } from './load-model-options.ts';
import { loadItemCatalog } from './load-item-catalog.ts';
import { RecommenderModel } from './recommender-model.ts';
import { writeModelCache } from './write-model-cache.ts';

/**
 * Loads recommender `id` from the registry: from the local cache
 * (`<modelsDir>/cache/<id>/artifact.bin`, see {@link writeModelCache}) when its sha256 matches
 * `models.sha256`, otherwise from `models.artifact`, verified against `models.sha256` (a
 * mismatch throws) and then cached. The catalog (titles, availability) is read fresh from
 * `items`. The model is warmed with one prediction before it is returned.
 *
 * ```ts
 * const model = await loadRecommenderModel(db, 12, { modelsDir: config.MODELS_DIR });
 * model.recommend('ml:1', { history });
 * ```
 */
export async function loadRecommenderModel(db: Kysely<Database>, id: number, options: LoadModelOptions = {}): Promise<RecommenderModel> {
  const row = await db.selectFrom('models').select(['id', 'kind', 'sha256']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new Error(`model ${id} does not exist`);
  if (row.kind !== 'recommender') throw new Error(`model ${id} is a ${row.kind}, not a recommender`);
  const useCache = options.cache ?? true;
  const modelsDir = options.modelsDir ?? './models';

  let artifact: Uint8Array | null = null;
  if (useCache) {
    try {
      const cached = new Uint8Array(await readFile(join(modelsDir, 'cache', String(id), 'artifact.bin')));
      if (sha256Hex(cached) === row.sha256) artifact = cached;
    } catch {
      // not cached yet
    }
  }
  if (artifact === null) {
    const stored = await db.selectFrom('models').select('artifact').where('id', '=', id).executeTakeFirstOrThrow();
    artifact = new Uint8Array(stored.artifact);
    const actual = sha256Hex(artifact);
    if (actual !== row.sha256) throw new Error(`model ${id}: artifact sha256 ${actual} does not match the stored ${row.sha256}`);
    if (useCache) await writeModelCache(modelsDir, id, artifact);
  }
  const { meta } = decodeRecommenderArtifact(artifact);
  const model = await RecommenderModel.fromArtifact(artifact, { id, catalog: await loadItemCatalog(db, meta.itemIds) });
  model.warm();
  return model;
}
