/**
 * Where the item-history model's training time goes, on Last.fm 2K (BENCHMARKS.md "Where an item-history step spends
 * its time"): imports the data set into a fresh Postgres database, trains `--epochs` (3) epochs with the default
 * parameters but no EASE solve, validation or averaging, and prints the seconds and positives/s of each epoch, then
 * the kernels of one more epoch under `tf.profile` (wall-clock ms per step by kernel name).
 *
 *   npx tsx scripts/bench/history-step.ts --data ../shared/data/lastfm-hetrec-2k [--epochs 3]
 *
 * BENCH_DATABASE_URL picks the Postgres server (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { initTensorFlow } from '../../src/ml/init-tensorflow.ts';
import { DEFAULT_HISTORY_MODEL_PARAMS } from '../../src/recommender/history-model-params.ts';
import { trainHistoryModel } from '../../src/recommender/train-history-model.ts';
import { lastfmSplit } from './lastfm-split.ts';

const { values } = parseArgs({ options: { data: { type: 'string' }, epochs: { type: 'string', default: '3' } } });
if (!values.data) throw new Error('usage: npx tsx scripts/bench/history-step.ts --data <lastfm-hetrec-2k dir> [--epochs N]');
const epochs = Number(values.epochs);

const split = await lastfmSplit(values.data);
const { tf, backend } = await initTensorFlow({ wasmThreads: availableParallelism() });
const params = { ...DEFAULT_HISTORY_MODEL_PARAMS, epochs, easeMaxItems: 0, averageFrom: 0 };
const steps = Math.ceil(split.numUsers / params.batchSize);
process.stdout.write(`${backend}: ${split.numUsers} users, ${split.numItems} items, ${split.positives.length} positives, ${steps} steps of ${params.batchSize} users per epoch\n`);

let started = performance.now();
await trainHistoryModel(split, params, {
  onProgress: (p) => {
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`epoch ${p.epoch}: ${seconds.toFixed(2)} s, ${Math.round(split.positives.length / seconds).toLocaleString('en-US')} positives/s\n`);
    started = performance.now();
  },
});

started = performance.now();
const info = await tf.profile(() => trainHistoryModel(split, { ...params, epochs: 1 }).then(() => undefined));
const wall = performance.now() - started;
// By kernel name, with the input shapes of its slowest call (custom ops' forward passes are all named `forward`).
const byKernel = new Map<string, number>();
const slowest = new Map<string, { ms: number; shapes: string }>();
for (const kernel of info.kernels) {
  const ms = Number(kernel.kernelTimeMs);
  byKernel.set(kernel.name, (byKernel.get(kernel.name) ?? 0) + ms);
  if (ms > (slowest.get(kernel.name)?.ms ?? -1)) slowest.set(kernel.name, { ms, shapes: JSON.stringify(kernel.inputShapes) });
}
const inKernels = [...byKernel.values()].reduce((sum, ms) => sum + ms, 0);
process.stdout.write(
  `\nprofiled epoch: ${(wall / steps).toFixed(0)} ms per step, ${(inKernels / steps).toFixed(0)} ms of it in kernels ` +
    `(the rest: typed-array loops of custom gradients, tape and optimizer bookkeeping)\n\n| kernel (input shapes of its slowest call) | ms per step | share of step |\n|---|---:|---:|\n`,
);
for (const [name, ms] of [...byKernel].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
  process.stdout.write(`| ${name} ${slowest.get(name)!.shapes} | ${(ms / steps).toFixed(1)} | ${((100 * ms) / wall).toFixed(0)}% |\n`);
}
