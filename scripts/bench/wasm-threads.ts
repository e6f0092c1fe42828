/**
 * How far a second core could take wasm training (BENCHMARKS.md "Could two threads reach the bar?"): runs the
 * item-history model's dense product, `[256 × 128] × [128 × 17,632]`, in one and then two `worker_threads`, each with
 * its own single-threaded tfjs wasm backend (wasm's own threads do not run under Node), and prints the ms per product
 * in each thread and the combined speed-up.
 *
 *   npx tsx scripts/bench/wasm-threads.ts [--reps 60]
 */
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';

const { values } = parseArgs({ options: { reps: { type: 'string', default: '60' } } });
const reps = Number(values.reps);
const [rows, dim, items] = [256, 128, 17_632];

// Plain JavaScript, so that the worker needs no TypeScript loader.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const tf = await import('@tensorflow/tfjs');
  await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend failed to initialise');
  const { rows, dim, items, reps } = workerData;
  const a = tf.randomNormal([rows, dim]);
  const b = tf.randomNormal([dim, items], 0, 0.05);
  const product = () => tf.tidy(() => { tf.matMul(a, b).dataSync(); });
  for (let k = 0; k < 3; k++) product();
  const started = performance.now();
  for (let k = 0; k < reps; k++) product();
  parentPort.postMessage((performance.now() - started) / reps);
})().catch((error) => { throw error; });
`;

function runThreads(threads: number): Promise<number[]> {
  return Promise.all(
    Array.from(
      { length: threads },
      () =>
        new Promise<number>((resolve, reject) => {
          const worker = new Worker(workerSource, { eval: true, workerData: { rows, dim, items, reps } });
          worker.once('message', (ms: number) => {
            resolve(ms);
            void worker.terminate();
          });
          worker.once('error', reject);
        }),
    ),
  );
}

const gflop = (2 * rows * dim * items) / 1e9;
process.stdout.write(`[${rows} × ${dim}] × [${dim} × ${items}], ${reps} products per thread\n\n`);
process.stdout.write('| threads | ms per product, each thread | GFLOP/s, all threads | speed-up |\n|---:|---|---:|---:|\n');
let single = 0;
for (const threads of [1, 2]) {
  const ms = await runThreads(threads);
  const rate = ms.reduce((sum, m) => sum + gflop / (m / 1000), 0);
  if (threads === 1) single = rate;
  process.stdout.write(`| ${threads} | ${ms.map((m) => m.toFixed(1)).join(' / ')} | ${rate.toFixed(1)} | ${(rate / single).toFixed(2)}x |\n`);
}
