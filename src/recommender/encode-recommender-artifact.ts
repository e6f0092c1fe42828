import type { RecommenderMeta } from './recommender-meta.ts';

const MAGIC = [0x52, 0x45, 0x43, 0x4d]; // "RECM"
const VERSION = 1;
const HEADER = MAGIC.length + 1 + 4;

/**
 * The bytes stored in `models.artifact` for a recommender: `"RECM"`, a version byte, the
 * uint32 (big-endian) length of `meta.json`, `meta.json` (UTF-8), then the network as
 * `modelToBytes` packs it (`model.json` + `weights.bin`). One blob, so the sha256 covers the
 * id maps as well as the weights.
 *
 * ```ts
 * const bytes = encodeRecommenderArtifact(meta, await modelToBytes(model));
 * const { meta: decoded, modelBytes } = decodeRecommenderArtifact(bytes);
 * ```
 */
export function encodeRecommenderArtifact(meta: RecommenderMeta, modelBytes: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(meta));
  const out = new Uint8Array(HEADER + json.length + modelBytes.length);
  out.set(MAGIC, 0);
  out[MAGIC.length] = VERSION;
  new DataView(out.buffer).setUint32(MAGIC.length + 1, json.length, false);
  out.set(json, HEADER);
  out.set(modelBytes, HEADER + json.length);
  return out;
}
