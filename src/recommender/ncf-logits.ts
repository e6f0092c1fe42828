import type { tf as TfNamespace } from '../ml/tf.ts';
import type { NcfWeights } from './ncf-weights.ts';

/**
 * The NeuMF forward pass on raw tensors (no layer bookkeeping): logits `[batch]` for parallel
 * int32 `users` and `items` `[batch]`. Used by training (on the variables, inside
 * `optimizer.minimize`) and by serving's rerank. Call inside `tf.tidy`. When `embeddings` is
 * given, the gathered embedding rows are pushed to it (for the L2 penalty).
 *
 * ```ts
 * const scores = tf.tidy(() => tf.sigmoid(ncfLogits(tf, ncfWeights(model), users, items)));
 * ```
 */
export function ncfLogits(
  tf: typeof TfNamespace,
  weights: NcfWeights,
  users: TfNamespace.Tensor1D,
  items: TfNamespace.Tensor1D,
  embeddings?: TfNamespace.Tensor2D[],
): TfNamespace.Tensor1D {
  const userGmf = tf.gather(weights.userGmf, users);
  const itemGmf = tf.gather(weights.itemGmf, items);
  const userMlp = tf.gather(weights.userMlp, users);
  const itemMlp = tf.gather(weights.itemMlp, items);
  embeddings?.push(userGmf, itemGmf, userMlp, itemMlp);
  let tower: TfNamespace.Tensor2D = tf.concat([userMlp, itemMlp], 1);
  for (const layer of weights.hidden) tower = tf.relu(tf.add(tf.matMul(tower, layer.kernel), layer.bias));
  const fused = tf.concat([tf.mul(userGmf, itemGmf), tower], 1);
  return tf.reshape(tf.add(tf.matMul(fused, weights.output.kernel), weights.output.bias), [-1]);
}
