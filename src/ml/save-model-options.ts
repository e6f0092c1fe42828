/**
 * How a model is serialised by {@link modelToFiles}, {@link modelToBytes} and
 * {@link saveModelToDir}.
 *
 * @example
 * ```ts
 * const options: SaveModelOptions = { float16: true } // half the bytes
 * ```
 */
export interface SaveModelOptions {
  /**
   * Store float32 weights as float16 (`quantization: { dtype: 'float16' }` in
   * the manifest, the tfjs converter's format); loading restores float32.
   * Predictions move by about 1e-3 relative. Default: false.
   */
  readonly float16?: boolean;
}
