import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { sha256Hex } from '../ml/sha256-hex.ts';
import { recommenderArtifact } from './recommender-artifact.ts';
import type { RecommenderMeta } from './recommender-meta.ts';
import type { SavedModel } from './saved-model.ts';
import type { TrainedRecommender } from './trained-recommender.ts';

/**
 * Stores a trained recommender in `models` as a `candidate`: the artifact (meta.json + weights,
 * see `encodeRecommenderArtifact`) with its sha256 and size, metrics and params as jsonb, a
 * summary of the meta (without the id maps) in `meta`, and the event watermark in
 * `trained_from`. Activation is a separate step (`activateModel`) after the gate.
 *
 * ```ts
 * const meta = recommenderMetaOf(dataset, split, trained, { model: metrics, itemPop: baseline });
 * const saved = await saveCandidate(db, trained, meta);
 * await activateModel(db, saved.id, { force: false });
 * ```
 */
export async function saveCandidate(
  db: Kysely<Database>,
  trained: TrainedRecommender,
  meta: RecommenderMeta,
  options: { float16?: boolean } = {},
): Promise<SavedModel> {
  const artifact = await recommenderArtifact(trained, meta, options);
  const sha256 = sha256Hex(artifact);
  const { userIds, itemIds, itemPopularity, metrics, params, ...summary } = meta;
  void itemPopularity;
  const row = await db
    .insertInto('models')
    .values({
      kind: 'recommender',
      domain: meta.domain,
      status: 'candidate',
      metrics: JSON.stringify(metrics ?? {}),
      params: JSON.stringify(params),
      meta: JSON.stringify({ ...summary, numUsers: userIds.length, numItems: itemIds.length }),
      artifact,
      sha256,
      size_bytes: artifact.length,
      trained_from: meta.watermark,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, sha256, sizeBytes: artifact.length };
}
