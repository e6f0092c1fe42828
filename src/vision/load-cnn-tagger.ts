import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadModelFromDir } from '../ml/load-model-from-dir.ts';
import { CIFAR10_CLASSES } from './cifar10-classes.ts';
import { CnnTagger } from './cnn-tagger.ts';

/** Options of {@link loadCnnTagger}. */
export interface LoadCnnTaggerOptions {
  /** The model's row id (see `registerShippedCnn`); null when it is not registered. */
  readonly modelId: number | null;
  readonly maxBatch?: number;
  readonly maxWaitMs?: number;
}

/**
 * Loads a classifier saved in `dir` (`model.json`, `weights.bin`, `meta.json` with its `classes`), wraps it in a
 * micro-batching {@link CnnTagger} and warms it with one prediction. Call `initTensorFlow()` first.
 *
 * ```ts
 * const tagger = await loadCnnTagger('models/cifar10', { modelId: await registerShippedCnn(db, 'models/cifar10') });
 * ```
 */
export async function loadCnnTagger(dir: string, options: LoadCnnTaggerOptions): Promise<CnnTagger> {
  const metaPath = join(dir, 'meta.json');
  const meta = existsSync(metaPath) ? (JSON.parse(await readFile(metaPath, 'utf8')) as { classes?: unknown }) : {};
  const classes = Array.isArray(meta.classes) && meta.classes.every((c) => typeof c === 'string') ? (meta.classes as string[]) : [...CIFAR10_CLASSES];
  const model = await loadModelFromDir(dir);
  const shape = model.inputs[0]?.shape ?? [];
  const inputSize = typeof shape[1] === 'number' ? shape[1] : 32;
  if (shape.length !== 4 || shape[1] !== shape[2] || shape[3] !== 3) {
    model.dispose();
    throw new Error(`${dir}/model.json takes ${JSON.stringify(shape)}, expected [null, n, n, 3]`);
  }
  const tagger = new CnnTagger({
    model,
    classes,
    modelId: options.modelId,
    inputSize,
    ...(options.maxBatch === undefined ? {} : { maxBatch: options.maxBatch }),
    ...(options.maxWaitMs === undefined ? {} : { maxWaitMs: options.maxWaitMs }),
  });
  await tagger.warm();
  return tagger;
}
