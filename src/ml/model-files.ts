/**
 * A Layers model in the layout `model.save('file://dir')` of tfjs-node
 * writes: `model.json` (topology, `format: 'layers-model'`, `generatedBy`,
 * `convertedBy`, `weightsManifest` naming one `weights.bin`) and the bytes of
 * `weights.bin`.
 *
 * @example
 * ```ts
 * const { modelJson, weights } = await modelToFiles(model)
 * JSON.parse(modelJson).weightsManifest[0].paths // ['weights.bin']
 * ```
 */
export interface ModelFiles {
  readonly modelJson: string;
  readonly weights: Uint8Array;
}
