import type { tf } from '../ml/tf.ts';

type Tensor2D = tf.Tensor2D;
type Tensor1D = tf.Tensor1D;

/**
 * The tensors of an NCF network, by role. During training they are the model's variables;
 * when serving, the loaded model's weights. Owned by the model: do not dispose.
 *
 * ```ts
 * const weights = ncfWeights(model);
 * const [numItems, gmfDim] = weights.itemGmf.shape;
 * ```
 */
export interface NcfWeights {
  readonly userGmf: Tensor2D;
  readonly itemGmf: Tensor2D;
  readonly userMlp: Tensor2D;
  readonly itemMlp: Tensor2D;
  /** MLP tower, input first: kernel `[in, out]`, bias `[out]`. */
  readonly hidden: readonly { readonly kernel: Tensor2D; readonly bias: Tensor1D }[];
  /** Fusion layer over `[gmf ⊙, mlp tower output]`: kernel `[gmfDim + last hidden, 1]`. */
  readonly output: { readonly kernel: Tensor2D; readonly bias: Tensor1D };
}
