import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { modelToFiles, WEIGHTS_FILE_NAME } from './model-to-files.ts';
import type { SaveModelOptions } from './save-model-options.ts';
import type { tf } from './tf.ts';

/**
 * Writes `dir/model.json` and `dir/weights.bin` exactly as tfjs-node's
 * `model.save('file://dir')` lays them out, on any backend. Creates `dir`;
 * each file is written to a temporary name and renamed, so a reader never
 * sees half a file.
 *
 * @example
 * ```ts
 * await saveModelToDir(model, 'models/cifar10', { float16: true })
 * ```
 */
export async function saveModelToDir(model: tf.LayersModel, dir: string, options: SaveModelOptions = {}): Promise<void> {
  const { modelJson, weights } = await modelToFiles(model, options);
  await mkdir(dir, { recursive: true });
  // Weights first: a model.json never points at weights older than itself.
  await writeAtomically(join(dir, WEIGHTS_FILE_NAME), weights);
  await writeAtomically(join(dir, 'model.json'), modelJson);
}

async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, path);
}
