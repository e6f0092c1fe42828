import type { ModelFiles } from './model-files.ts';

/** First bytes of a packed model: "TFJM", then the format version. */
export const MODEL_CONTAINER_MAGIC = 'TFJM';
export const MODEL_CONTAINER_VERSION = 1;

/**
 * Packs `model.json` and `weights.bin` into one self-describing byte string
 * (for a Postgres `bytea`):
 *
 * | bytes      | content                                   |
 * |------------|-------------------------------------------|
 * | 0..3       | ASCII `TFJM`                              |
 * | 4          | format version, `1`                       |
 * | 5..8       | `n`, length of model.json, uint32 big-endian |
 * | 9..9+n-1   | model.json, UTF-8                         |
 * | 9+n..end   | weights.bin                               |
 *
 * @example
 * ```ts
 * const bytes = packModelFiles(await modelToFiles(model))
 * ```
 */
export function packModelFiles({ modelJson, weights }: ModelFiles): Uint8Array {
  const json = new TextEncoder().encode(modelJson);
  const out = new Uint8Array(9 + json.byteLength + weights.byteLength);
  out.set(new TextEncoder().encode(MODEL_CONTAINER_MAGIC), 0);
  const view = new DataView(out.buffer);
  view.setUint8(4, MODEL_CONTAINER_VERSION);
  view.setUint32(5, json.byteLength, false);
  out.set(json, 9);
  out.set(weights, 9 + json.byteLength);
  return out;
}
