import type { DatasetSplit } from './dataset-split.ts';
import type { EvaluationCandidates } from './evaluation-candidates.ts';
import { createSeededRandom } from './seeded-random.ts';

/**
 * Draws, for every user with a test item, `count` distinct items the user never touched (no
 * event of any kind, the test item included), with a fixed seed: the NCF protocol's negatives
 * (He et al. 2017 use 99). A user who touched almost every item gets fewer distinct candidates
 * (the row is padded by repeating them).
 *
 * ```ts
 * const candidates = sampleEvaluationCandidates(split, { seed: 2017, count: 99 });
 * ```
 */
export function sampleEvaluationCandidates(
  split: DatasetSplit,
  options: { seed?: number; count?: number; users?: Int32Array } = {},
): EvaluationCandidates {
  const seed = options.seed ?? 2017;
  const count = options.count ?? 99;
  const random = createSeededRandom(seed);
  const users =
    options.users ?? Int32Array.from(Array.from({ length: split.numUsers }, (_, u) => u).filter((u) => split.testItem[u]! >= 0));
  const candidates = new Int32Array(users.length * count).fill(-1);
  const picked = new Set<number>();
  for (let r = 0; r < users.length; r++) {
    const user = users[r]!;
    const available = split.numItems - split.touched.count(user);
    const want = Math.min(count, available);
    picked.clear();
    const row = candidates.subarray(r * count, (r + 1) * count);
    let filled = 0;
    if (want > 0 && want > available / 2) {
      // Dense case: enumerate and shuffle, sampling by rejection would loop for long.
      const pool: number[] = [];
      for (let i = 0; i < split.numItems; i++) if (!split.touched.has(user, i)) pool.push(i);
      for (let j = 0; j < want; j++) {
        const swap = j + random.int(pool.length - j);
        [pool[j], pool[swap]] = [pool[swap]!, pool[j]!];
        row[filled++] = pool[j]!;
      }
    } else {
      while (filled < want) {
        const item = random.int(split.numItems);
        if (picked.has(item) || split.touched.has(user, item)) continue;
        picked.add(item);
        row[filled++] = item;
      }
    }
    for (let j = filled; j < count && filled > 0; j++) row[j] = row[j % filled]!;
  }
  return { users, perUser: count, candidates, seed };
}
