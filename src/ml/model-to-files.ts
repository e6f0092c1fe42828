import type { io } from '@tensorflow/tfjs';

import type { ModelFiles } from './model-files.ts';
import type { SaveModelOptions } from './save-model-options.ts';
import { float32ToFloat16 } from './float32-to-float16.ts';
import { tf } from './tf.ts';

/** The weights file name tfjs-node's `file://` handler writes. */
export const WEIGHTS_FILE_NAME = 'weights.bin';

/**
 * Serialises a Layers model to the `model.json` + `weights.bin` pair that
 * tfjs-node's `model.save('file://dir')` writes, on any backend and without
 * the `file://` handler (through `tf.io.withSaveHandler`).
 *
 * @example
 * ```ts
 * const { modelJson, weights } = await modelToFiles(model, { float16: true })
 * ```
 */
export async function modelToFiles(model: tf.LayersModel, options: SaveModelOptions = {}): Promise<ModelFiles> {
  let saved: io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  if (saved === undefined) {
    throw new Error('model.save produced no artifacts');
  }
  const raw = new Uint8Array(tf.io.CompositeArrayBuffer.join(saved.weightData ?? []));
  const { specs, weights } = options.float16
    ? toFloat16(saved.weightSpecs ?? [], raw)
    : { specs: saved.weightSpecs ?? [], weights: raw };

  const modelJson: io.ModelJSON = {
    modelTopology: saved.modelTopology as object,
    format: saved.format,
    generatedBy: saved.generatedBy,
    convertedBy: saved.convertedBy,
    weightsManifest: [{ paths: [WEIGHTS_FILE_NAME], weights: specs }],
  };
  if (saved.trainingConfig != null) {
    modelJson.trainingConfig = saved.trainingConfig;
  }
  if (saved.signature != null) {
    modelJson.signature = saved.signature;
  }
  if (saved.userDefinedMetadata != null) {
    modelJson.userDefinedMetadata = saved.userDefinedMetadata;
  }
  return { modelJson: JSON.stringify(modelJson), weights };
}

function toFloat16(
  specs: io.WeightsManifestEntry[],
  weights: Uint8Array,
): { specs: io.WeightsManifestEntry[]; weights: Uint8Array } {
  const parts: Uint8Array[] = [];
  const outSpecs: io.WeightsManifestEntry[] = [];
  let offset = 0;
  for (const spec of specs) {
    const size = tf.util.sizeFromShape(spec.shape);
    if (spec.dtype === 'string') {
      throw new Error(`weight ${spec.name} is a string tensor; only numeric weights are supported`);
    }
    const byteLength = size * tf.util.bytesPerElement(spec.dtype);
    const bytes = weights.subarray(offset, offset + byteLength);
    offset += byteLength;
    if (spec.dtype === 'float32') {
      const values = new Float32Array(bytes.slice().buffer);
      parts.push(new Uint8Array(float32ToFloat16(values).buffer));
      outSpecs.push({ ...spec, quantization: { dtype: 'float16' } });
    } else {
      parts.push(bytes);
      outSpecs.push(spec);
    }
  }
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return { specs: outSpecs, weights: out };
}
