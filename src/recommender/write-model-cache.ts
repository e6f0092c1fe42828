import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unpackModelFiles } from '../ml/unpack-model-files.ts';
import { decodeRecommenderArtifact } from './decode-recommender-artifact.ts';

/**
 * Writes a recommender artifact to its cache directory `<modelsDir>/cache/<id>/`:
 * `model.json` + `weights.bin` (the tfjs-node layout, loadable by any TF.js tool),
 * `meta.json`, and `artifact.bin` last (its presence means the directory is complete; loaders
 * verify its sha256 before trusting it). Each file is written atomically.
 *
 * ```ts
 * const dir = await writeModelCache(config.MODELS_DIR, row.id, row.artifact);
 * ```
 */
export async function writeModelCache(modelsDir: string, id: number, artifact: Uint8Array): Promise<string> {
  const dir = join(modelsDir, 'cache', String(id));
  const { meta, modelBytes } = decodeRecommenderArtifact(artifact);
  const files = unpackModelFiles(modelBytes);
  await mkdir(dir, { recursive: true });
  const write = async (name: string, data: string | Uint8Array) => {
    const temporary = join(dir, `${name}.${process.pid}.tmp`);
    await writeFile(temporary, data);
    await rename(temporary, join(dir, name));
  };
  await write('meta.json', JSON.stringify(meta, null, 1));
  await write('weights.bin', files.weights);
  await write('model.json', files.modelJson);
  await write('artifact.bin', artifact);
  return dir;
}
