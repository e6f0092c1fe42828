import type { tf } from '../ml/tf.ts';
import { NCF_LAYER_NAMES } from './ncf-layer-names.ts';
import type { NcfWeights } from './ncf-weights.ts';

/**
 * Finds the NCF weights of a model built by {@link createNcfModel} (or loaded from its
 * artifact) by layer name. The tensors are the model's own (its variables): do not dispose
 * them; they stay valid until the model is disposed.
 *
 * ```ts
 * const weights = ncfWeights(model);
 * const logits = tf.tidy(() => ncfLogits(tf, weights, users, items));
 * ```
 */
export function ncfWeights(model: tf.LayersModel): NcfWeights {
  const read = (layerName: string, index: number) => {
    const weight = model.getLayer(layerName).weights[index];
    if (weight === undefined) throw new Error(`NCF model has no weight ${index} in layer ${layerName}`);
    return weight.read();
  };
  const hidden: { kernel: tf.Tensor2D; bias: tf.Tensor1D }[] = [];
  for (let k = 1; ; k++) {
    const name = `${NCF_LAYER_NAMES.hiddenPrefix}${k}`;
    if (!model.layers.some((layer) => layer.name === name)) break;
    hidden.push({ kernel: read(name, 0) as tf.Tensor2D, bias: read(name, 1) as tf.Tensor1D });
  }
  return {
    userGmf: read(NCF_LAYER_NAMES.userGmf, 0) as tf.Tensor2D,
    itemGmf: read(NCF_LAYER_NAMES.itemGmf, 0) as tf.Tensor2D,
    userMlp: read(NCF_LAYER_NAMES.userMlp, 0) as tf.Tensor2D,
    itemMlp: read(NCF_LAYER_NAMES.itemMlp, 0) as tf.Tensor2D,
    hidden,
    output: { kernel: read(NCF_LAYER_NAMES.output, 0) as tf.Tensor2D, bias: read(NCF_LAYER_NAMES.output, 1) as tf.Tensor1D },
  };
}
