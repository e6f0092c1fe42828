import { CIFAR_IMAGE_BYTES } from './read-cifar-file.ts';
import type { CifarSplit } from './load-cifar10.ts';
import type { SeededRandom } from './seeded-random.ts';

/** Light training-time augmentation: random horizontal flips and random translations with zero padding. */
export interface Augmentation {
  /** Mirror half of the images left-right. */
  readonly flip: boolean;
  /** Shift each image by up to this many pixels in x and y (0: none); uncovered pixels are 0 (black). */
  readonly shift: number;
}

/** No augmentation (the Keras reference). */
export const NO_AUGMENTATION: Augmentation = { flip: false, shift: 0 };

const SIDE = 32;
const INV255 = 1 / 255;

/**
 * Parses `--augment` values: `none`, `flip`, `shift2`, `flip,shift4`, ...
 *
 * ```ts
 * parseAugmentation('flip,shift2'); // { flip: true, shift: 2 }
 * ```
 */
export function parseAugmentation(spec: string): Augmentation {
  let flip = false;
  let shift = 0;
  for (const part of spec.split(/[,+]/).map((p) => p.trim()).filter(Boolean)) {
    if (part === 'none') continue;
    if (part === 'flip') flip = true;
    else if (/^shift\d+$/.test(part)) shift = Number(part.slice(5));
    else throw new Error(`unknown augmentation "${part}" (expected none, flip, shiftN)`);
  }
  if (shift > 8) throw new Error('shift must be at most 8 pixels');
  return { flip, shift };
}

/** Formats an {@link Augmentation} the way {@link parseAugmentation} reads it. */
export function formatAugmentation(augmentation: Augmentation): string {
  const parts = [augmentation.flip ? 'flip' : '', augmentation.shift > 0 ? `shift${augmentation.shift}` : ''].filter(Boolean);
  return parts.length ? parts.join(',') : 'none';
}

/**
 * Writes images `order[from..from+n)` of a split into `x` as float32 NHWC in [0, 1] and their one-hot labels into `y`
 * (reusable buffers: one allocation per run, not per batch). With an augmentation and an rng, each image is
 * flipped / shifted at random as it is copied.
 *
 * ```ts
 * const x = new Float32Array(32 * 3072), y = new Float32Array(32 * 10);
 * fillBatch(data.train, order, 0, 32, x, y);
 * const xs = tf.tensor4d(x, [32, 32, 32, 3]);
 * ```
 */
export function fillBatch(
  split: CifarSplit,
  order: ArrayLike<number>,
  from: number,
  n: number,
  x: Float32Array,
  y: Float32Array | null,
  augmentation: Augmentation = NO_AUGMENTATION,
  rng?: SeededRandom,
  classes = 10,
): void {
  const { pixels, labels } = split;
  if (y) y.fill(0, 0, n * classes);
  const augment = rng !== undefined && (augmentation.flip || augmentation.shift > 0);
  for (let b = 0; b < n; b++) {
    const index = order[from + b]!;
    const src = index * CIFAR_IMAGE_BYTES;
    const dst = b * CIFAR_IMAGE_BYTES;
    if (y) y[b * classes + labels[index]!] = 1;
    if (!augment) {
      for (let i = 0; i < CIFAR_IMAGE_BYTES; i++) x[dst + i] = pixels[src + i]! * INV255;
      continue;
    }
    const flip = augmentation.flip && rng.next() < 0.5;
    const span = augmentation.shift * 2 + 1;
    const dx = augmentation.shift > 0 ? rng.int(span) - augmentation.shift : 0;
    const dy = augmentation.shift > 0 ? rng.int(span) - augmentation.shift : 0;
    for (let row = 0; row < SIDE; row++) {
      const sy = row - dy;
      for (let col = 0; col < SIDE; col++) {
        const o = dst + (row * SIDE + col) * 3;
        const sxUnflipped = col - dx;
        const sx = flip ? SIDE - 1 - sxUnflipped : sxUnflipped;
        if (sy < 0 || sy >= SIDE || sx < 0 || sx >= SIDE) {
          x[o] = 0;
          x[o + 1] = 0;
          x[o + 2] = 0;
        } else {
          const s = src + (sy * SIDE + sx) * 3;
          x[o] = pixels[s]! * INV255;
          x[o + 1] = pixels[s + 1]! * INV255;
          x[o + 2] = pixels[s + 2]! * INV255;
        }
      }
    }
  }
}
