/**
 * Plain typed-array copies of what serving needs from a trained NCF network, extracted once
 * at load (see {@link servingVectorsOf}); row-major, `dim` floats per row.
 *
 * ```ts
 * const vectors = servingVectorsOf(ncfWeights(model));
 * const firstUsersQuery = vectors.userQuery.subarray(0, vectors.dim);
 * ```
 */
export interface ServingVectors {
  readonly numUsers: number;
  readonly numItems: number;
  readonly dim: number;
  /**
   * GMF user embedding ⊙ the fusion layer's GMF weights: `userQuery[u] · itemGmf[i]` is exactly
   * the GMF branch's share of the model's logit for (u, i), so dot-product retrieval ranks by a
   * term of the final score.
   */
  readonly userQuery: Float32Array;
  readonly itemGmf: Float32Array;
  /**
   * Unit-length item vectors for cosine similarity (similar items, session seeds, reasons):
   * the GMF item embedding scaled by √|fusion weight| per dimension (the geometry the model
   * scores in), then normalised.
   */
  readonly itemUnit: Float32Array;
}
