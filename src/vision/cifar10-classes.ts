/**
 * The ten CIFAR-10 labels, in label-index order (the order of `batches.meta.txt`).
 *
 * ```ts
 * CIFAR10_CLASSES[3]; // 'cat'
 * ```
 */
export const CIFAR10_CLASSES = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
] as const;

/** One CIFAR-10 label. */
export type Cifar10Class = (typeof CIFAR10_CLASSES)[number];
