/** How images become model inputs; stored in `meta.json` and shown in the README. */
export const CIFAR_INPUT_DESCRIPTION =
  "32x32 RGB, float32 in [0, 1] (byte / 255), NHWC. CIFAR-10 records are used as they are (already 32x32). Uploads: first frame, EXIF orientation applied, resized with sharp fit 'cover' (short side to 32, centre crop, aspect kept) using the lanczos3 kernel, alpha flattened onto white, sRGB.";

/** The `meta.json` written next to the shipped CIFAR-10 model. */
export interface CifarModelMeta {
  readonly format: 'cifar10-cnn-v1';
  readonly classes: string[];
  /** Accuracy of the weights as shipped (float16 unless trained with --float32) on the test images. */
  readonly test_accuracy: number;
  /** Accuracy of the float32 weights before they were written. */
  readonly test_accuracy_float32: number;
  readonly weights_dtype: 'float16' | 'float32';
  readonly test_images: number;
  readonly epochs: number;
  /** Training seconds over all epochs (test passes, loading and checkpoints excluded). */
  readonly seconds: number;
  readonly images_per_second: number;
  readonly backend: string;
  /** sha256 over the `sha256  name` lines of the data files. */
  readonly data_checksum: string;
  readonly data_files: ReadonlyArray<{ readonly name: string; readonly sha256: string }>;
  readonly arch: string;
  readonly augmentation: string;
  readonly seed: number;
  readonly batch_size: number;
  readonly optimizer: string;
  readonly loss: string;
  readonly train_images: number;
  readonly input: string;
  readonly history: ReadonlyArray<Record<string, unknown>>;
  readonly created_at: string;
}
