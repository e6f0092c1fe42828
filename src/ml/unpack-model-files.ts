import type { ModelFiles } from './model-files.ts';
import { MODEL_CONTAINER_MAGIC, MODEL_CONTAINER_VERSION } from './pack-model-files.ts';

/**
 * Splits bytes made by {@link packModelFiles} back into `model.json` text and
 * `weights.bin` bytes (a view, not a copy); throws on anything else.
 *
 * @example
 * ```ts
 * const { modelJson, weights } = unpackModelFiles(row.artifact)
 * await writeFile('models/cache/model.json', modelJson)
 * ```
 */
export function unpackModelFiles(bytes: Uint8Array): ModelFiles {
  const magic = new TextDecoder().decode(bytes.subarray(0, 4));
  if (bytes.byteLength < 9 || magic !== MODEL_CONTAINER_MAGIC) {
    throw new Error('not a packed model: missing TFJM header');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint8(4);
  if (version !== MODEL_CONTAINER_VERSION) {
    throw new Error(`packed model version ${version} is not supported (expected ${MODEL_CONTAINER_VERSION})`);
  }
  const jsonLength = view.getUint32(5, false);
  if (9 + jsonLength > bytes.byteLength) {
    throw new Error(`packed model is truncated: model.json needs ${jsonLength} bytes`);
  }
  return {
    modelJson: new TextDecoder().decode(bytes.subarray(9, 9 + jsonLength)),
    weights: bytes.subarray(9 + jsonLength),
  };
}
