/**
 * Training throughput per TensorFlow.js backend, for the two models this
 * service trains: the NCF recommender (MovieLens-100k sizes) and the Keras
 * CIFAR-10 CNN. Prints a table and rewrites the "## TensorFlow.js backends"
 * section of BENCHMARKS.md (other sections are left alone).
 *
 *   npx tsx scripts/bench/train-backends.ts            # full run (~5 min on 2 cores)
 *   npx tsx scripts/bench/train-backends.ts --quick    # 1 short run per config, no cpu
 *   npx tsx scripts/bench/train-backends.ts --dry-run  # do not touch BENCHMARKS.md
 *
 * Configurations: wasm with every kernel of src/ml/kernels; wasm with only
 * the kernels it lacks (UnsortedSegmentSum, Conv2DBackpropFilter), i.e. stock
 * wasm made able to train; stock wasm (reports the missing kernel); stock
 * cpu (a step or two, for contrast); tfjs-node when it loads.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';

import { registerWasmKernels } from '../../src/ml/kernels/register-wasm-kernels.ts';
import { WASM_KERNEL_NAMES, type WasmKernelName } from '../../src/ml/kernels/wasm-kernel-name.ts';
import { tf } from '../../src/ml/tf.ts';

const SECTION = '## TensorFlow.js backends';
const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const RUNS = quick ? 1 : 3;
const RUN_SECONDS = quick ? 1 : 3;
const WARM_UP_STEPS = 5;
const PROFILED_STEPS = 5;

interface Workload {
  readonly model: 'ncf' | 'cnn';
  readonly name: string;
  readonly batch: number;
  /** Builds the model and its data on the active backend; returns one training step and a disposer. */
  setup(): { step: () => Promise<void>; dispose: () => void };
}

interface Config {
  readonly label: string;
  readonly engineBackend: 'wasm' | 'cpu' | 'tensorflow';
  /** Kernels of src/ml/kernels to register on wasm: all of them, or a subset. */
  readonly kernels?: 'all' | readonly WasmKernelName[];
  /** Timed steps on backends too slow for timed runs. */
  readonly fixedSteps?: number;
  /** Models this configuration is measured on; default both. */
  readonly models?: readonly ('ncf' | 'cnn')[];
}

interface Run {
  /** Examples per second of wall-clock time. */
  readonly wall: number;
  /** Examples per second of this process's CPU time (user + system). */
  readonly cpu: number;
}

interface Result {
  readonly config: string;
  readonly workload: string;
  readonly runs: Run[];
  readonly error?: string;
}

// ---------------------------------------------------------------- workloads

function ncf(batch: number): Workload {
  return {
    model: 'ncf',
    name: `NCF step, batch ${batch}`,
    batch,
    setup() {
      const users = 943;
      const items = 1682;
      const model = buildNcf(users, items);
      const optimizer = tf.train.adam(0.001);
      const batches = [0, 1, 2, 3].map((seed) =>
        tf.tidy(() => ({
          user: tf.randomUniform([batch, 1], 0, users, 'int32', seed),
          item: tf.randomUniform([batch, 1], 0, items, 'int32', seed + 10),
          label: tf.randomUniform([batch, 1], 0, 1, 'float32', seed + 20).round(),
        })),
      );
      let next = 0;
      return {
        step: async () => {
          const { user, item, label } = batches[next++ % batches.length]!;
          tf.tidy(() => {
            optimizer.minimize(() => {
              const logits = model.apply([user, item], { training: true }) as tf.Tensor;
              return tf.losses.sigmoidCrossEntropy(label, logits) as tf.Scalar;
            });
          });
        },
        dispose: () => {
          model.dispose();
          optimizer.dispose();
          batches.forEach((b) => tf.dispose([b.user, b.item, b.label]));
        },
      };
    },
  };
}

/** NeuMF as src/recommender builds it: GMF 32, MLP embeddings 32, tower 64-32-16, one logit. */
function buildNcf(users: number, items: number): tf.LayersModel {
  const user = tf.input({ shape: [1], dtype: 'int32' });
  const item = tf.input({ shape: [1], dtype: 'int32' });
  const embed = (inputDim: number, input: tf.SymbolicTensor) =>
    tf.layers
      .flatten()
      .apply(
        tf.layers
          .embedding({ inputDim, outputDim: 32, embeddingsInitializer: tf.initializers.randomNormal({ stddev: 0.01 }) })
          .apply(input),
      ) as tf.SymbolicTensor;
  const gmf = tf.layers.multiply().apply([embed(users, user), embed(items, item)]) as tf.SymbolicTensor;
  let tower = tf.layers.concatenate().apply([embed(users, user), embed(items, item)]) as tf.SymbolicTensor;
  for (const units of [64, 32, 16]) {
    tower = tf.layers.dense({ units, activation: 'relu' }).apply(tower) as tf.SymbolicTensor;
  }
  const fused = tf.layers.concatenate().apply([gmf, tower]) as tf.SymbolicTensor;
  const logit = tf.layers.dense({ units: 1 }).apply(fused) as tf.SymbolicTensor;
  return tf.model({ inputs: [user, item], outputs: logit });
}

function cifarCnn(): Workload {
  const batch = 32;
  return {
    model: 'cnn',
    name: `CIFAR CNN step, batch ${batch}`,
    batch,
    setup() {
      const model = tf.sequential({
        layers: [
          tf.layers.conv2d({ inputShape: [32, 32, 3], filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }),
          tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
          tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' }),
          tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 512, activation: 'relu' }),
          tf.layers.dense({ units: 10, activation: 'softmax' }),
        ],
      });
      model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
      const xs = tf.randomUniform([batch, 32, 32, 3], 0, 1, 'float32', 1);
      const ys = tf.tidy(() => tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32', 2) as tf.Tensor1D, 10));
      return {
        step: async () => {
          await model.trainOnBatch(xs, ys);
        },
        dispose: () => {
          model.dispose();
          tf.dispose([xs, ys]);
        },
      };
    },
  };
}

// ---------------------------------------------------------------- measuring

async function activate(config: Config): Promise<() => void> {
  if (!(await tf.setBackend(config.engineBackend))) {
    throw new Error(`backend ${config.engineBackend} failed to initialise`);
  }
  if (config.kernels === undefined) {
    return () => {};
  }
  return config.kernels === 'all' ? registerWasmKernels() : registerWasmKernels(config.kernels);
}

async function measure(config: Config, workload: Workload): Promise<Result> {
  const restore = await activate(config);
  const { step, dispose } = workload.setup();
  const runs: Run[] = [];
  const timed = async (until: (steps: number, ms: number) => boolean): Promise<void> => {
    let steps = 0;
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    while (!until(steps, performance.now() - start)) {
      await step();
      steps++;
    }
    const ms = performance.now() - start;
    const cpu = process.cpuUsage(cpuStart);
    const examples = steps * workload.batch;
    runs.push({ wall: (examples * 1000) / ms, cpu: (examples * 1e6) / (cpu.user + cpu.system) });
  };
  try {
    const fixedSteps = config.fixedSteps;
    if (fixedSteps !== undefined) {
      await timed((steps) => steps >= fixedSteps);
    } else {
      for (let i = 0; i < WARM_UP_STEPS; i++) {
        await step(); // operator caches, optimizer slots, JIT
      }
      for (let run = 0; run < RUNS; run++) {
        await timed((_, ms) => ms >= RUN_SECONDS * 1000);
      }
    }
    return { config: config.label, workload: workload.name, runs };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
    return { config: config.label, workload: workload.name, runs, error: message };
  } finally {
    dispose();
    restore();
  }
}

/** Kernel time per step on the active backend (mean of a few steps), summed per kernel, largest first. */
async function profileSteps(
  config: Config,
  workload: Workload,
): Promise<{ total: number; cpu: number; kernels: [string, number][] }> {
  const restore = await activate(config);
  const { step, dispose } = workload.setup();
  try {
    for (let i = 0; i < WARM_UP_STEPS; i++) {
      await step();
    }
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const info = await tf.profile(async () => {
      for (let i = 0; i < PROFILED_STEPS; i++) {
        await step();
      }
    });
    const wall = performance.now() - start;
    const cpu = process.cpuUsage(cpuStart);
    const sums = new Map<string, number>();
    for (const kernel of info.kernels) {
      sums.set(kernel.name, (sums.get(kernel.name) ?? 0) + (kernel.kernelTimeMs as number) / PROFILED_STEPS);
    }
    const kernels = [...sums].sort((a, b) => b[1] - a[1]);
    return { total: wall / PROFILED_STEPS, cpu: (cpu.user + cpu.system) / 1000 / PROFILED_STEPS, kernels };
  } finally {
    dispose();
    restore();
  }
}

// ---------------------------------------------------------------- reporting

function summary(values: number[]): { median: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

function formatRate(result: Result): string {
  if (result.error !== undefined) {
    return `n/a: ${result.error}`;
  }
  return `${formatRuns(result.runs.map((r) => r.cpu))} / ${formatRuns(result.runs.map((r) => r.wall))}`;
}

/** Median, and the run-to-run range when there are several runs. */
function formatRuns(values: number[]): string {
  const { median, min, max } = summary(values);
  const number = (value: number) =>
    value.toLocaleString('en-US', { maximumFractionDigits: median < 10 ? 2 : 0, minimumFractionDigits: median < 10 ? 2 : 0 });
  return values.length < 2 ? number(median) : `${number(median)} (${number(min)}–${number(max)})`;
}

function table(results: Result[], configs: Config[], workloads: Workload[]): string {
  const header = `| configuration | ${workloads.map((w) => w.name).join(' | ')} |`;
  const rule = `|---|${workloads.map(() => '---:').join('|')}|`;
  const rows = configs.map((config) => {
    const cells = workloads.map((workload) => {
      const result = results.find((r) => r.config === config.label && r.workload === workload.name);
      return result === undefined ? '—' : formatRate(result);
    });
    return `| ${config.label} | ${cells.join(' | ')} |`;
  });
  return [header, rule, ...rows].join('\n');
}

function profileTable(name: string, profile: { total: number; cpu: number; kernels: [string, number][] }): string {
  const kernelTotal = profile.kernels.reduce((sum, [, ms]) => sum + ms, 0);
  const rows = profile.kernels
    .slice(0, 8)
    .map(([kernel, ms]) => `| ${kernel} | ${ms.toFixed(1)} | ${((ms / profile.total) * 100).toFixed(0)}% |`);
  return [
    `${name}: a profiled step took ${profile.total.toFixed(0)} ms of wall-clock time ` +
      `(${profile.cpu.toFixed(0)} ms of CPU; mean of ${PROFILED_STEPS} steps), ${kernelTotal.toFixed(0)} ms of it inside kernels; the rest is ` +
      'tfjs bookkeeping (tape, tidy, Layers, optimizer). Kernel times are wall-clock, so on shared cores ' +
      'read the shares rather than the milliseconds.',
    '',
    '| kernel | ms per step | share of step |',
    '|---|---:|---:|',
    ...rows,
  ].join('\n');
}

async function writeSection(body: string): Promise<void> {
  const path = new URL('../../BENCHMARKS.md', import.meta.url);
  const current = await readFile(path, 'utf8').catch(() => '# Benchmarks\n');
  const lines = current.split('\n');
  const start = lines.findIndex((line) => line.trim() === SECTION);
  let next: string;
  if (start === -1) {
    next = `${current.trimEnd()}\n\n${body}\n`;
  } else {
    const after = lines.findIndex((line, i) => i > start && line.startsWith('## '));
    const tail = after === -1 ? [] : ['', ...lines.slice(after)];
    next = [...lines.slice(0, start), body, ...tail].join('\n').trimEnd() + '\n';
  }
  await writeFile(path, next);
}

// ---------------------------------------------------------------- main

const workloads = [ncf(1024), ncf(4096), cifarCnn()];
const allBut = (kernel: WasmKernelName, models: readonly ('ncf' | 'cnn')[]): Config => ({
  label: `wasm, all but ${kernel} (stock ${kernel})`,
  engineBackend: 'wasm',
  kernels: WASM_KERNEL_NAMES.filter((k) => k !== kernel),
  models,
});
const configs: Config[] = [
  { label: 'wasm + all src/ml kernels', engineBackend: 'wasm', kernels: 'all' },
  { label: 'wasm + missing kernels only', engineBackend: 'wasm', kernels: ['UnsortedSegmentSum', 'Conv2DBackpropFilter'] },
  { label: 'wasm stock', engineBackend: 'wasm', kernels: [] },
];
if (!quick) {
  configs.push(
    allBut('GatherV2', ['ncf']),
    allBut('BatchMatMul', ['ncf', 'cnn']),
    allBut('Conv2DBackpropInput', ['cnn']),
    allBut('MaxPoolGrad', ['cnn']),
    { label: 'cpu stock (2 steps, no warm-up)', engineBackend: 'cpu', fixedSteps: 2 },
  );
}

await import('@tensorflow/tfjs-backend-wasm');
const TFJS_NODE: string = '@tensorflow/tfjs-node';
const nodeStatus = await import(TFJS_NODE).then(
  () => 'loaded',
  (error: unknown) => `not available (${(error instanceof Error ? error.message : String(error)).split('\n')[0]})`,
);
if (nodeStatus === 'loaded') {
  configs.unshift({ label: 'node (tfjs-node)', engineBackend: 'tensorflow' });
}

const loadBefore = loadavg();
const started = Date.now();
const results: Result[] = [];
for (const config of configs) {
  for (const workload of workloads) {
    if (config.models !== undefined && !config.models.includes(workload.model)) {
      continue;
    }
    const result = await measure(config, workload);
    results.push(result);
    console.log(`${config.label.padEnd(30)} ${workload.name.padEnd(26)} ${formatRate(result)}`);
  }
}
const best = configs.find((c) => c.engineBackend === 'wasm')!;
const ncfProfile = await profileSteps(best, workloads[0]!);
const cnnProfile = await profileSteps(best, workloads[2]!);
const loadAfter = loadavg();
const minutes = ((Date.now() - started) / 60000).toFixed(1);

const cpu = cpus();
const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
const body = [
  SECTION,
  '',
  'Training throughput of whole optimizer steps, in examples per second (higher is better): ' +
    '**per second of CPU time** of the process / per second of wall-clock time. Every backend here runs ' +
    'on one thread, so the CPU-time figure is what one idle core delivers; the wall-clock figure is what ' +
    'this run got while sharing the cores. Median of ' +
    `${RUNS} runs of ${RUN_SECONDS} s after ${WARM_UP_STEPS} warm-up steps, with the run-to-run range in parentheses.`,
  '',
  `Command: \`npx tsx scripts/bench/train-backends.ts${quick ? ' --quick' : ''}\` (${minutes} min).`,
  `Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown cpu'}, Node ${process.version}, tfjs ${tf.version.tfjs}, ` +
    `wasm SIMD ${simd ? 'on' : 'off'}, threads ${threads ? 'on' : 'off'}; tfjs-node ${nodeStatus}. ` +
    `Load average ${loadBefore[0]!.toFixed(1)} before, ${loadAfter[0]!.toFixed(1)} after ` +
    '(the cores are shared with other work, so absolute numbers move with it).',
  '',
  '- NCF: 943 users × 1682 items, GMF embeddings 32 + MLP embeddings 32, tower 64-32-16, ' +
    'sigmoid cross-entropy on the logit, Adam, `optimizer.minimize` (as src/recommender trains).',
  '- CIFAR CNN: 32×32×3 → Conv 32 (3×3, same, relu) → MaxPool 2 → Conv 64 → MaxPool 2 → Dense 512 → Dense 10 softmax, ' +
    'Adam, categorical cross-entropy + accuracy, `model.trainOnBatch` (as src/vision trains).',
  '',
  table(results, configs, workloads),
  '',
  '### Where a wasm step spends its time',
  '',
  profileTable('NCF, batch 1024', ncfProfile),
  '',
  profileTable('CIFAR CNN, batch 32', cnnProfile),
].join('\n');

console.log(`\n${body}`);
if (!args.has('--dry-run')) {
  await writeSection(body);
  console.log('\nwrote BENCHMARKS.md');
}
