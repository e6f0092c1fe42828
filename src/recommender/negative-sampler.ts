import type { SeededRandom } from './seeded-random.ts';

/**
 * Draws item indexes ∝ (count + 1)^alpha by inverse-CDF lookup (alpha 0: uniform, as in the
 * NCF paper). Pure, seeded by the caller's random.
 *
 * ```ts
 * const sampler = new NegativeSampler(itemCounts, 0.5);
 * const item = sampler.draw(random);
 * ```
 */
export class NegativeSampler {
  readonly #cdf: Float64Array | null;
  readonly #numItems: number;

  constructor(itemCounts: ArrayLike<number>, alpha: number) {
    this.#numItems = itemCounts.length;
    if (alpha === 0) {
      this.#cdf = null;
      return;
    }
    const cdf = new Float64Array(itemCounts.length);
    let total = 0;
    for (let i = 0; i < itemCounts.length; i++) {
      total += Math.pow(itemCounts[i]! + 1, alpha);
      cdf[i] = total;
    }
    for (let i = 0; i < cdf.length; i++) cdf[i]! /= total;
    this.#cdf = cdf;
  }

  draw(random: SeededRandom): number {
    const cdf = this.#cdf;
    if (cdf === null) return random.int(this.#numItems);
    const u = random.next();
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
