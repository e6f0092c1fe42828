import { packModelFiles } from '../ml/pack-model-files.ts';
import { unpackModelFiles } from '../ml/unpack-model-files.ts';
import type { HistoryModelWeights } from './history-model.ts';

const FORMAT = 'streamrec-history-weights';
const ARRAYS = ['itemInput', 'hiddenBias', 'itemOutput', 'itemBias', 'pairOffsets', 'pairItems', 'pairWeights'] as const;
type ArrayName = (typeof ARRAYS)[number];
const INT_ARRAYS = new Set<ArrayName>(['pairOffsets', 'pairItems']);

interface WeightsManifest {
  readonly format: typeof FORMAT;
  readonly numItems: number;
  readonly dim: number;
  readonly historyAlpha: number;
  /** In order, each `length` 4-byte little-endian values of weights.bin. */
  readonly arrays: readonly { readonly name: ArrayName; readonly dtype: 'float32' | 'int32'; readonly length: number }[];
}

/**
 * Packs item-history weights into the container the NCF networks use (`packModelFiles`): a JSON manifest (sizes, α,
 * the arrays in order) in place of model.json, and the arrays back to back as weights.bin.
 *
 * ```ts
 * const bytes = historyWeightsToBytes(trained.weights);
 * const weights = historyWeightsFromBytes(bytes);
 * ```
 */
export function historyWeightsToBytes(weights: HistoryModelWeights): Uint8Array {
  const manifest: WeightsManifest = {
    format: FORMAT,
    numItems: weights.numItems,
    dim: weights.dim,
    historyAlpha: weights.historyAlpha,
    arrays: ARRAYS.map((name) => ({ name, dtype: INT_ARRAYS.has(name) ? 'int32' : 'float32', length: weights[name].length })),
  };
  const bin = new Uint8Array(ARRAYS.reduce((sum, name) => sum + weights[name].byteLength, 0));
  let offset = 0;
  for (const name of ARRAYS) {
    const array = weights[name];
    bin.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), offset);
    offset += array.byteLength;
  }
  return packModelFiles({ modelJson: JSON.stringify(manifest), weights: bin });
}

/** The inverse of {@link historyWeightsToBytes}; throws on a foreign or inconsistent payload. */
export function historyWeightsFromBytes(bytes: Uint8Array): HistoryModelWeights {
  const { modelJson, weights: bin } = unpackModelFiles(bytes);
  const manifest = JSON.parse(modelJson) as WeightsManifest;
  if (manifest.format !== FORMAT) throw new Error(`not item-history weights (format ${String(manifest.format)})`);
  const arrays = new Map<ArrayName, Float32Array | Int32Array>();
  let offset = 0;
  for (const { name, dtype, length } of manifest.arrays) {
    const end = offset + length * 4;
    if (end > bin.byteLength) throw new Error(`item-history weights truncated at ${name}`);
    // A copy of exactly these bytes: `bin` may be a view into a larger buffer (a pg Buffer shares a pool).
    const copy = new Uint8Array(bin.subarray(offset, end)).buffer;
    arrays.set(name, dtype === 'int32' ? new Int32Array(copy) : new Float32Array(copy));
    offset = end;
  }
  const get = <T extends Float32Array | Int32Array>(name: ArrayName, expected: number): T => {
    const array = arrays.get(name);
    if (!array || array.length !== expected) throw new Error(`item-history weights: ${name} has ${array?.length ?? 0} values, expected ${expected}`);
    return array as T;
  };
  const { numItems, dim } = manifest;
  const pairOffsets = get<Int32Array>('pairOffsets', numItems + 1);
  const pairs = pairOffsets[numItems]!;
  return {
    numItems,
    dim,
    historyAlpha: manifest.historyAlpha,
    itemInput: get('itemInput', numItems * dim),
    hiddenBias: get('hiddenBias', dim),
    itemOutput: get('itemOutput', numItems * dim),
    itemBias: get('itemBias', numItems),
    pairOffsets,
    pairItems: get('pairItems', pairs),
    pairWeights: get('pairWeights', pairs),
  };
}
