/**
 * Layer names of the NCF `LayersModel`; {@link ncfWeights} finds the weights by them, so a
 * saved model stays readable across refactors. Hidden layers are `mlp_1`, `mlp_2`, ...
 *
 * ```ts
 * model.getLayer(NCF_LAYER_NAMES.itemGmf).getWeights()[0]; // [numItems, gmfDim]
 * ```
 */
export const NCF_LAYER_NAMES = Object.freeze({
  userInput: 'user',
  itemInput: 'item',
  userGmf: 'user_gmf_embedding',
  itemGmf: 'item_gmf_embedding',
  userMlp: 'user_mlp_embedding',
  itemMlp: 'item_mlp_embedding',
  hiddenPrefix: 'mlp_',
  output: 'prediction',
} as const);
