import type { tf as TfNamespace } from '../ml/tf.ts';
import { NCF_LAYER_NAMES } from './ncf-layer-names.ts';
import type { NcfParams } from './ncf-params.ts';

/**
 * Builds an untrained NeuMF network (He et al. 2017) as a `tf.LayersModel`: inputs `user` and
 * `item` (int32 indexes, shape `[batch, 1]`); a GMF branch (elementwise product of the GMF
 * embeddings) and an MLP branch (ReLU tower over the concatenated MLP embeddings) fused by one
 * linear layer into a logit `[batch, 1]` (apply a sigmoid for a probability). Embeddings start
 * at N(0, 0.01), dense kernels Glorot-uniform, all seeded from `params.seed`.
 *
 * ```ts
 * const { tf } = await initTensorFlow();
 * const model = createNcfModel(tf, 943, 1682, DEFAULT_NCF_PARAMS);
 * const logits = model.predict([tf.tensor2d([[0]], [1, 1], 'int32'), tf.tensor2d([[5]], [1, 1], 'int32')]);
 * ```
 */
export function createNcfModel(tf: typeof TfNamespace, numUsers: number, numItems: number, params: NcfParams): TfNamespace.LayersModel {
  let seed = params.seed >>> 0;
  const nextSeed = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0);
  const embedding = (inputDim: number, outputDim: number, name: string) =>
    tf.layers.embedding({
      inputDim: Math.max(1, inputDim),
      outputDim,
      inputLength: 1,
      name,
      embeddingsInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 0.01, seed: nextSeed() }),
    });
  const user = tf.input({ shape: [1], dtype: 'int32', name: NCF_LAYER_NAMES.userInput });
  const item = tf.input({ shape: [1], dtype: 'int32', name: NCF_LAYER_NAMES.itemInput });
  const flat = (x: TfNamespace.SymbolicTensor, name: string) =>
    tf.layers.flatten({ name }).apply(x) as TfNamespace.SymbolicTensor;

  const userGmf = flat(embedding(numUsers, params.gmfDim, NCF_LAYER_NAMES.userGmf).apply(user) as TfNamespace.SymbolicTensor, 'user_gmf_flat');
  const itemGmf = flat(embedding(numItems, params.gmfDim, NCF_LAYER_NAMES.itemGmf).apply(item) as TfNamespace.SymbolicTensor, 'item_gmf_flat');
  const gmf = tf.layers.multiply({ name: 'gmf' }).apply([userGmf, itemGmf]) as TfNamespace.SymbolicTensor;

  const userMlp = flat(embedding(numUsers, params.mlpDim, NCF_LAYER_NAMES.userMlp).apply(user) as TfNamespace.SymbolicTensor, 'user_mlp_flat');
  const itemMlp = flat(embedding(numItems, params.mlpDim, NCF_LAYER_NAMES.itemMlp).apply(item) as TfNamespace.SymbolicTensor, 'item_mlp_flat');
  let tower = tf.layers.concatenate({ name: 'mlp_input' }).apply([userMlp, itemMlp]) as TfNamespace.SymbolicTensor;
  params.mlpLayers.forEach((units, k) => {
    tower = tf.layers
      .dense({
        units,
        activation: 'relu',
        name: `${NCF_LAYER_NAMES.hiddenPrefix}${k + 1}`,
        kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }),
      })
      .apply(tower) as TfNamespace.SymbolicTensor;
  });
  const fused = tf.layers.concatenate({ name: 'neumf' }).apply([gmf, tower]) as TfNamespace.SymbolicTensor;
  const logit = tf.layers
    .dense({ units: 1, name: NCF_LAYER_NAMES.output, kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }) })
    .apply(fused) as TfNamespace.SymbolicTensor;
  return tf.model({ inputs: [user, item], outputs: logit, name: 'neumf' });
}
