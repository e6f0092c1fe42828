import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tf } from '../ml/tf.ts';

interface OptimizerManifest {
  readonly format: 'optimizer-state-v1';
  readonly className: string;
  readonly weights: ReadonlyArray<{ readonly name: string; readonly shape: number[] }>;
}

/**
 * Writes an optimiser's state (Adam: iteration count, first and second moments) as `optimizer.json` + `optimizer.bin`
 * (float32) in `dir`, so a resumed run continues with the same moments rather than a cold optimiser.
 *
 * ```ts
 * await saveOptimizerState(model.optimizer, 'models/cifar10/checkpoints/epoch-03');
 * ```
 */
export async function saveOptimizerState(optimizer: tf.Optimizer, dir: string): Promise<void> {
  const named = await optimizer.getWeights();
  const arrays = await Promise.all(named.map((w) => w.tensor.data()));
  const bytes = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    bytes.set(a as Float32Array, at);
    at += a.length;
  }
  const manifest: OptimizerManifest = {
    format: 'optimizer-state-v1',
    className: optimizer.getClassName(),
    weights: named.map((w) => ({ name: w.name, shape: w.tensor.shape })),
  };
  await writeFile(join(dir, 'optimizer.bin'), new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  await writeFile(join(dir, 'optimizer.json'), `${JSON.stringify(manifest)}\n`);
  for (const w of named) if (w.name === 'iter') w.tensor.dispose();
}

/**
 * Restores what {@link saveOptimizerState} wrote into a fresh optimiser of the same class (after `model.compile`).
 *
 * ```ts
 * await loadOptimizerState(model.optimizer, checkpointDir);
 * ```
 */
export async function loadOptimizerState(optimizer: tf.Optimizer, dir: string): Promise<void> {
  const manifest = JSON.parse(await readFile(join(dir, 'optimizer.json'), 'utf8')) as OptimizerManifest;
  if (manifest.format !== 'optimizer-state-v1') throw new Error(`${dir}/optimizer.json: unknown format ${String(manifest.format)}`);
  if (manifest.className !== optimizer.getClassName()) {
    throw new Error(`${dir}/optimizer.json holds ${manifest.className} state, the model uses ${optimizer.getClassName()}`);
  }
  const raw = await readFile(join(dir, 'optimizer.bin'));
  const all = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  let at = 0;
  const named = manifest.weights.map((w) => {
    const size = w.shape.reduce((a, b) => a * b, 1);
    const tensor = tf.tensor(all.subarray(at, at + size), w.shape);
    at += size;
    return { name: w.name, tensor };
  });
  if (at !== all.length) throw new Error(`${dir}/optimizer.bin holds ${all.length} floats, the manifest lists ${at}`);
  try {
    await optimizer.setWeights(named);
  } finally {
    for (const w of named) w.tensor.dispose();
  }
}
