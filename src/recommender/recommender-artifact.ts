import { modelToBytes } from '../ml/model-to-bytes.ts';
import { encodeRecommenderArtifact } from './encode-recommender-artifact.ts';
import { historyWeightsToBytes } from './history-weights-bytes.ts';
import type { RecommenderMeta } from './recommender-meta.ts';
import { isTrainedNcf, type TrainedRecommender } from './trained-recommender.ts';

/**
 * Serialises a trained model and its meta into the bytes stored in `models.artifact`
 * (see {@link encodeRecommenderArtifact}): an NCF network as tfjs `model.json` + `weights.bin`,
 * item-history weights as `historyWeightsToBytes` packs them. Load them back with
 * `RecommenderModel.fromArtifact`.
 *
 * ```ts
 * const artifact = await recommenderArtifact(trained, meta);
 * const sha256 = sha256Hex(artifact);
 * ```
 */
export async function recommenderArtifact(trained: TrainedRecommender, meta: RecommenderMeta, options: { float16?: boolean } = {}): Promise<Uint8Array> {
  const payload = isTrainedNcf(trained) ? await modelToBytes(trained.model, { float16: options.float16 ?? false }) : historyWeightsToBytes(trained.weights);
  return encodeRecommenderArtifact(meta, payload);
}
