import { modelFromFiles } from './model-from-files.ts';
import type { tf } from './tf.ts';
import { unpackModelFiles } from './unpack-model-files.ts';

/**
 * Builds a Layers model from bytes made by {@link modelToBytes}.
 *
 * @example
 * ```ts
 * if (sha256Hex(row.artifact) !== row.sha256) throw new Error('corrupt artifact')
 * const model = await modelFromBytes(row.artifact)
 * ```
 */
export async function modelFromBytes(bytes: Uint8Array): Promise<tf.LayersModel> {
  return modelFromFiles(unpackModelFiles(bytes));
}
