/**
 * A deterministic pseudo-random source (mulberry32): the same seed gives the same sequence on
 * every machine and run. Every random choice of the recommender (negative sampling, splits,
 * evaluation candidates, weight initialisation seeds) goes through one of these.
 */
export interface SeededRandom {
  /** The seed it was created with. */
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** A new 32-bit seed drawn from this sequence (to seed a child generator). */
  nextSeed(): number;
}

/**
 * Creates a mulberry32 generator from a 32-bit seed.
 *
 * ```ts
 * const random = createSeededRandom(42);
 * random.next(); // 0.6011037519201636, always, for seed 42
 * random.int(100); // an integer in 0..99
 * ```
 */
export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed: seed >>> 0,
    next,
    int: (n: number) => Math.floor(next() * n),
    nextSeed: () => Math.floor(next() * 4294967296) >>> 0,
  };
}

/** Fisher-Yates shuffle of `values`, in place, driven by `random`. */
export function shuffleInPlace(values: Int32Array, random: SeededRandom): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const t = values[i]!;
    values[i] = values[j]!;
    values[j] = t;
  }
}
