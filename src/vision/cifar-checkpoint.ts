import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadModelFromDir } from '../ml/load-model-from-dir.ts';
import { saveModelToDir } from '../ml/save-model-to-dir.ts';
import type { tf } from '../ml/tf.ts';
import { compileCifarCnn } from './cifar-cnn.ts';
import { loadOptimizerState, saveOptimizerState } from './optimizer-state.ts';

/** What a checkpoint records besides weights: enough to refuse a resume with other settings and to finish the report. */
export interface CifarCheckpointState {
  /** Epochs completed. */
  readonly epoch: number;
  readonly arch: string;
  readonly seed: number;
  readonly batchSize: number;
  readonly augmentation: string;
  readonly dataChecksum: string;
  /** Training seconds summed over the completed epochs (test passes excluded). */
  readonly trainSeconds: number;
  readonly history: ReadonlyArray<{ epoch: number; loss: number; accuracy: number; test_accuracy: number; seconds: number; images_per_second: number; backend: string }>;
}

const STATE_FILE = 'state.json';

function epochDir(root: string, epoch: number): string {
  return join(root, `epoch-${String(epoch).padStart(3, '0')}`);
}

/**
 * Writes `<root>/epoch-NNN/` (model float32, optimiser state, then `state.json` last: a directory without it is
 * incomplete and ignored) and removes older checkpoints, keeping `keep` of them.
 *
 * ```ts
 * await saveCifarCheckpoint('models/cifar10/checkpoints', model, state);
 * ```
 */
export async function saveCifarCheckpoint(root: string, model: tf.LayersModel, state: CifarCheckpointState, keep = 2): Promise<string> {
  const dir = epochDir(root, state.epoch);
  const partial = `${dir}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  await saveModelToDir(model, partial);
  await saveOptimizerState(model.optimizer, partial);
  await writeFile(join(partial, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
  await rm(dir, { recursive: true, force: true });
  await rename(partial, dir);
  const complete = await listCheckpoints(root);
  for (const old of complete.slice(0, Math.max(0, complete.length - keep))) await rm(epochDir(root, old), { recursive: true, force: true });
  return dir;
}

async function listCheckpoints(root: string): Promise<number[]> {
  if (!existsSync(root)) return [];
  const names = await readdir(root);
  return names
    .map((name) => /^epoch-(\d+)$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null && existsSync(join(root, m[0], STATE_FILE)))
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

/**
 * Loads the newest complete checkpoint under `root`, compiled, with its optimiser state; undefined when there is none.
 *
 * ```ts
 * const resumed = await loadLatestCifarCheckpoint('models/cifar10/checkpoints');
 * if (resumed) startEpoch = resumed.state.epoch;
 * ```
 */
export async function loadLatestCifarCheckpoint(root: string): Promise<{ model: tf.LayersModel; state: CifarCheckpointState; dir: string } | undefined> {
  const epochs = await listCheckpoints(root);
  const latest = epochs.at(-1);
  if (latest === undefined) return undefined;
  const dir = epochDir(root, latest);
  const state = JSON.parse(await readFile(join(dir, STATE_FILE), 'utf8')) as CifarCheckpointState;
  const model = await loadModelFromDir(dir);
  compileCifarCnn(model);
  await loadOptimizerState(model.optimizer, dir);
  return { model, state, dir };
}
