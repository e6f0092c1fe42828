/**
 * A small, fast, seedable PRNG (mulberry32) whose whole state is one 32-bit integer,
 * so a training checkpoint can store it and `--resume` continues the same sequence.
 *
 * ```ts
 * const rng = new SeededRandom(42);
 * rng.next();        // 0 <= x < 1, the same for every run seeded with 42
 * rng.int(10);       // 0..9
 * const saved = rng.state; new SeededRandom(0, saved); // continues where rng is
 * ```
 */
export class SeededRandom {
  #state: number;

  constructor(seed: number, state?: number) {
    this.#state = state ?? (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) >>> 0);
  }

  /** The current state; pass it back to the constructor to resume the sequence. */
  get state(): number {
    return this.#state;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A fresh permutation of 0..n-1 (Fisher-Yates). */
  permutation(n: number): Uint32Array {
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = order[i]!;
      order[i] = order[j]!;
      order[j] = tmp;
    }
    return order;
  }
}
