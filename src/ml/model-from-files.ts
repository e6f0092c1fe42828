import type { io } from '@tensorflow/tfjs';

import type { ModelFiles } from './model-files.ts';
import { tf } from './tf.ts';

/**
 * Builds a Layers model from `model.json` text and the weights it lists
 * (concatenated in manifest order), through `tf.io.fromMemory`. Reads what
 * tfjs-node's `file://` handler and {@link modelToFiles} write, float16
 * quantised weights included. The model comes back uncompiled.
 *
 * @example
 * ```ts
 * const model = await modelFromFiles({ modelJson, weights })
 * model.predict(input)
 * ```
 */
export async function modelFromFiles({ modelJson, weights }: ModelFiles): Promise<tf.LayersModel> {
  const json = JSON.parse(modelJson) as io.ModelJSON;
  // A view into a pooled Buffer must not hand tfjs the whole pool.
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  const artifacts = await tf.io.getModelArtifactsForJSON(json, async (manifest) => [
    tf.io.getWeightSpecs(manifest),
    weightData,
  ]);
  return tf.loadLayersModel(tf.io.fromMemory(artifacts));
}
