import { META_FORMATS, type RecommenderMeta } from './recommender-meta.ts';

const MAGIC = [0x52, 0x45, 0x43, 0x4d]; // "RECM"
const VERSION = 1;
const HEADER = MAGIC.length + 1 + 4;

/**
 * Splits an artifact made by {@link encodeRecommenderArtifact} into its meta and payload bytes
 * (the network or the item-history weights, as `meta.format` says); throws on anything else.
 *
 * ```ts
 * const { meta, modelBytes } = decodeRecommenderArtifact(row.artifact);
 * const network = await modelFromBytes(modelBytes);
 * ```
 */
export function decodeRecommenderArtifact(bytes: Uint8Array): { meta: RecommenderMeta; modelBytes: Uint8Array } {
  if (bytes.length < HEADER || MAGIC.some((b, k) => bytes[k] !== b)) throw new Error('not a recommender artifact (bad magic)');
  if (bytes[MAGIC.length] !== VERSION) throw new Error(`unsupported recommender artifact version ${bytes[MAGIC.length]}`);
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(MAGIC.length + 1, false);
  if (HEADER + length > bytes.length) throw new Error('truncated recommender artifact');
  const meta = JSON.parse(new TextDecoder().decode(bytes.subarray(HEADER, HEADER + length))) as RecommenderMeta;
  if (!Object.values(META_FORMATS).includes(meta.format)) throw new Error(`unexpected recommender meta format ${String(meta.format)}`);
  return { meta, modelBytes: bytes.subarray(HEADER + length) };
}
