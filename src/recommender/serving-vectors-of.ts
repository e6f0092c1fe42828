import { unitRows } from './item-vector-index.ts';
import type { NcfWeights } from './ncf-weights.ts';
import type { ServingVectors } from './serving-vectors.ts';

/**
 * Copies the embeddings serving needs out of the network once (`dataSync`), so that retrieval
 * and similarity run on typed arrays without touching TensorFlow.js per request.
 *
 * ```ts
 * const vectors = servingVectorsOf(ncfWeights(model));
 * ```
 */
export function servingVectorsOf(weights: NcfWeights): ServingVectors {
  const [numUsers, dim] = weights.userGmf.shape;
  const numItems = weights.itemGmf.shape[0];
  const userGmf = weights.userGmf.dataSync() as Float32Array;
  const itemGmf = Float32Array.from(weights.itemGmf.dataSync() as Float32Array);
  const fusion = (weights.output.kernel.dataSync() as Float32Array).subarray(0, dim);
  const userQuery = new Float32Array(numUsers * dim);
  for (let u = 0; u < numUsers; u++) for (let d = 0; d < dim; d++) userQuery[u * dim + d] = userGmf[u * dim + d]! * fusion[d]!;
  const scale = Float32Array.from(fusion, (h) => Math.sqrt(Math.abs(h)));
  const { itemUnit } = unitRows(itemGmf.map((x, k) => x * scale[k % dim]!), numItems, dim);
  return { numUsers, numItems, dim, userQuery, itemGmf, itemUnit };
}
