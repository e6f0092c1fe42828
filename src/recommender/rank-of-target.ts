/**
 * The 0-based rank of `targetScore` among `scores[candidates[j]]`: the number of candidates
 * scoring higher plus half of those scoring the same (the expected rank under a random
 * tie-break, so a constant scorer ranks in the middle, not first). The target itself must not
 * be among the candidates. NaN scores count as lower.
 *
 * ```ts
 * rankOfTarget(0.9, Float32Array.of(0.1, 0.95, 0.9), [0, 1, 2]); // 1.5
 * ```
 */
export function rankOfTarget(targetScore: number, scores: ArrayLike<number>, candidates: ArrayLike<number>): number {
  let higher = 0;
  let equal = 0;
  for (let j = 0; j < candidates.length; j++) {
    const score = scores[candidates[j]!]!;
    if (score > targetScore) higher += 1;
    else if (score === targetScore) equal += 1;
  }
  return higher + equal / 2;
}
