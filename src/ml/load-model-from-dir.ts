import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { io } from '@tensorflow/tfjs';

import { modelFromFiles } from './model-from-files.ts';
import type { tf } from './tf.ts';

/**
 * Loads a Layers model from `dir/model.json` and the weight files its
 * manifest lists (one `weights.bin` from tfjs-node or {@link saveModelToDir},
 * or converter shards), on any backend and without the `file://` handler.
 * Like tfjs-node's loader it returns an uncompiled model (no optimizer state
 * is saved): `compile()` it before training on.
 *
 * @example
 * ```ts
 * const model = await loadModelFromDir('models/cifar10')
 * ```
 */
export async function loadModelFromDir(dir: string): Promise<tf.LayersModel> {
  const modelJson = await readFile(join(dir, 'model.json'), 'utf8');
  const manifest = (JSON.parse(modelJson) as io.ModelJSON).weightsManifest ?? [];
  const paths = manifest.flatMap((group) => group.paths);
  const weights = Buffer.concat(await Promise.all(paths.map((path) => readFile(join(dir, path)))));
  return modelFromFiles({ modelJson, weights });
}
