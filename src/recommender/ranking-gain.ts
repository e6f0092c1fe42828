/**
 * Hit and NDCG contribution of one held-out item at 0-based `rank` with cut-off `k`: a hit
 * when `rank < k`, gain `1 / log2(rank + 2)` (1 at the top), else 0.
 *
 * ```ts
 * rankingGain(0, 10); // { hit: 1, ndcg: 1 }
 * rankingGain(2, 10); // { hit: 1, ndcg: 0.5 }
 * rankingGain(10, 10); // { hit: 0, ndcg: 0 }
 * ```
 */
export function rankingGain(rank: number, k: number): { hit: number; ndcg: number } {
  if (rank >= k) return { hit: 0, ndcg: 0 };
  return { hit: 1, ndcg: 1 / Math.log2(rank + 2) };
}
