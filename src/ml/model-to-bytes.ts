import { modelToFiles } from './model-to-files.ts';
import { packModelFiles } from './pack-model-files.ts';
import type { SaveModelOptions } from './save-model-options.ts';
import type { tf } from './tf.ts';

/**
 * Serialises a Layers model to one byte string: tfjs-node's `model.json` and
 * `weights.bin`, packed as {@link packModelFiles} documents. Store it as a
 * `bytea` with its {@link sha256Hex}.
 *
 * @example
 * ```ts
 * const artifact = await modelToBytes(model)
 * const sha256 = sha256Hex(artifact)
 * ```
 */
export async function modelToBytes(model: tf.LayersModel, options: SaveModelOptions = {}): Promise<Uint8Array> {
  return packModelFiles(await modelToFiles(model, options));
}
