import { modelToBytes } from '../ml/model-to-bytes.ts';
import type { tf } from '../ml/tf.ts';
import { encodeRecommenderArtifact } from './encode-recommender-artifact.ts';
import type { RecommenderMeta } from './recommender-meta.ts';

/**
 * Serialises a trained network and its meta into the bytes stored in `models.artifact`
 * (see {@link encodeRecommenderArtifact}); load them back with `RecommenderModel.fromArtifact`.
 *
 * ```ts
 * const artifact = await recommenderArtifact(trained.model, meta);
 * const sha256 = sha256Hex(artifact);
 * ```
 */
export async function recommenderArtifact(model: tf.LayersModel, meta: RecommenderMeta, options: { float16?: boolean } = {}): Promise<Uint8Array> {
  return encodeRecommenderArtifact(meta, await modelToBytes(model, { float16: options.float16 ?? false }));
}
