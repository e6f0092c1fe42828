/**
 * Trains the CIFAR-10 CNN and writes the shipped model.
 *
 *   npm run train:cifar -- --data <dir> [--epochs 10] [--batch 32] [--arch keras|keras-wide] [--out models/cifar10]
 *                          [--seed 42] [--augment none|flip|flip,shift2] [--resume] [--backend wasm|cpu|node]
 *                          [--train-limit N] [--test-limit N] [--float32]
 *
 * Per epoch: a progress bar (loss, accuracy, images/s, ETA), then the test accuracy and a checkpoint under
 * <out>/checkpoints/ (`--resume` continues from the newest). At the end: <out>/model.json + weights.bin (float16
 * unless --float32) + meta.json, and a closing table. Deterministic for a given --seed on one backend.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import Table from 'cli-table3';
import { pino } from 'pino';
import { initTensorFlow } from '../src/ml/init-tensorflow.ts';
import { loadModelFromDir } from '../src/ml/load-model-from-dir.ts';
import { saveModelToDir } from '../src/ml/save-model-to-dir.ts';
import type { TfBackendName } from '../src/ml/tf-backend-name.ts';
import { formatAugmentation, parseAugmentation } from '../src/vision/cifar-batch.ts';
import { loadLatestCifarCheckpoint, saveCifarCheckpoint, type CifarCheckpointState } from '../src/vision/cifar-checkpoint.ts';
import { buildCifarCnn, parseCnnArchitecture } from '../src/vision/cifar-cnn.ts';
import { CIFAR10_CLASSES } from '../src/vision/cifar10-classes.ts';
import { CIFAR_INPUT_DESCRIPTION } from '../src/vision/cifar-model-meta.ts';
import type { CifarModelMeta } from '../src/vision/cifar-model-meta.ts';
import { evaluateCifarCnn } from '../src/vision/evaluate-cifar-cnn.ts';
import { loadCifar10 } from '../src/vision/load-cifar10.ts';
import { trainCifarCnn } from '../src/vision/train-cifar-cnn.ts';

const PLAIN = process.stdout.isTTY ? {} : { style: { head: [], border: [] } };
const USAGE =
  'usage: npm run train:cifar -- --data <dir> [--epochs 10] [--batch 32] [--arch keras] [--out models/cifar10] [--seed N] [--augment none] [--resume]';

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      epochs: { type: 'string' },
      batch: { type: 'string' },
      arch: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      augment: { type: 'string' },
      resume: { type: 'boolean' },
      backend: { type: 'string' },
      'train-limit': { type: 'string' },
      'test-limit': { type: 'string' },
      float32: { type: 'boolean' },
    },
  });
  if (!values.data) throw new Error(USAGE);
  const epochs = positiveInt('epochs', values.epochs, 10);
  const batchSize = positiveInt('batch', values.batch, 32);
  const arch = parseCnnArchitecture(values.arch ?? 'keras');
  const out = resolve(values.out ?? 'models/cifar10');
  const seed = values.seed === undefined ? 42 : Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  const augmentation = parseAugmentation(values.augment ?? 'none');
  const trainLimit = values['train-limit'] === undefined ? undefined : positiveInt('train-limit', values['train-limit'], 0);
  const testLimit = values['test-limit'] === undefined ? undefined : positiveInt('test-limit', values['test-limit'], 0);
  const backendOption = values.backend as TfBackendName | undefined;
  if (backendOption !== undefined && !['wasm', 'cpu', 'node'].includes(backendOption)) throw new Error('--backend must be wasm, cpu or node');

  const logger = pino({ name: 'train-cifar' }, pino.destination(2));
  const { backend } = await initTensorFlow({ logger, wasmThreads: availableParallelism(), ...(backendOption ? { backend: backendOption } : {}) });

  const loadStarted = performance.now();
  const data = await loadCifar10(values.data);
  logger.info(
    { train: data.train.count, test: data.test.count, checksum: data.checksum, seconds: +((performance.now() - loadStarted) / 1000).toFixed(1) },
    'CIFAR-10 loaded',
  );

  const checkpoints = join(out, 'checkpoints');
  let startEpoch = 0;
  let history: CifarCheckpointState['history'] = [];
  let model = buildCifarCnn({ arch, seed });
  if (values.resume) {
    const resumed = await loadLatestCifarCheckpoint(checkpoints);
    if (!resumed) {
      logger.warn({ checkpoints }, 'no checkpoint to resume from; starting at epoch 1');
    } else {
      const s = resumed.state;
      const mismatch = [
        s.arch !== arch ? `arch ${s.arch} vs ${arch}` : '',
        s.seed !== seed ? `seed ${s.seed} vs ${seed}` : '',
        s.batchSize !== batchSize ? `batch ${s.batchSize} vs ${batchSize}` : '',
        s.augmentation !== formatAugmentation(augmentation) ? `augment ${s.augmentation} vs ${formatAugmentation(augmentation)}` : '',
        s.dataChecksum !== data.checksum ? 'different data files' : '',
      ].filter(Boolean);
      if (mismatch.length > 0) throw new Error(`${resumed.dir} was trained with other settings (${mismatch.join(', ')})`);
      model.dispose();
      model = resumed.model;
      startEpoch = s.epoch;
      history = s.history;
      logger.info({ dir: resumed.dir, epoch: s.epoch }, 'resumed');
    }
  }

  const bar = new cliProgress.SingleBar(
    {
      format: 'epoch {epoch}/{epochs} [{bar}] {percentage}% | loss {loss} | acc {acc} | {ips} img/s | ETA {eta_formatted}',
      barsize: 24,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 20_000,
      etaBuffer: 200,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  const trainCount = Math.min(data.train.count, trainLimit ?? data.train.count);
  const batches = Math.ceil(trainCount / batchSize);
  let barEpoch = 0;
  const started = performance.now();
  await trainCifarCnn({
    model,
    train: data.train,
    test: data.test,
    epochs,
    batchSize,
    seed,
    augmentation,
    startEpoch,
    ...(trainLimit === undefined ? {} : { trainLimit }),
    ...(testLimit === undefined ? {} : { testLimit }),
    onBatch: (p) => {
      const payload = { epoch: p.epoch, epochs, loss: p.loss.toFixed(4), acc: p.accuracy.toFixed(4), ips: p.imagesPerSecond.toFixed(1) };
      if (barEpoch !== p.epoch) {
        barEpoch = p.epoch;
        bar.start(batches, 0, payload);
      }
      bar.update(p.batch, payload);
    },
    onEpoch: async (r) => {
      bar.stop();
      history = [
        ...history,
        { epoch: r.epoch, loss: r.loss, accuracy: r.accuracy, test_accuracy: r.test.accuracy, seconds: r.seconds, images_per_second: r.imagesPerSecond, backend },
      ];
      const state: CifarCheckpointState = {
        epoch: r.epoch,
        arch,
        seed,
        batchSize,
        augmentation: formatAugmentation(augmentation),
        dataChecksum: data.checksum,
        trainSeconds: history.reduce((sum, h) => sum + h.seconds, 0),
        history,
      };
      const dir = await saveCifarCheckpoint(checkpoints, model, state);
      process.stderr.write(
        `epoch ${r.epoch}/${epochs}: loss ${r.loss.toFixed(4)}, train acc ${r.accuracy.toFixed(4)}, test acc ${r.test.accuracy.toFixed(4)}, ` +
          `${r.seconds.toFixed(0)} s, ${r.imagesPerSecond.toFixed(1)} img/s (checkpoint ${dir})\n`,
      );
    },
  });
  const wall = (performance.now() - started) / 1000;

  // Ship: float32 accuracy is the last epoch's; save (float16 by default), reload what was written and evaluate that.
  const float16 = !values.float32;
  const float32Accuracy = history.at(-1)?.test_accuracy ?? Number.NaN;
  await mkdir(out, { recursive: true });
  await saveModelToDir(model, out, { float16 });
  const shipped = await loadModelFromDir(out);
  const evaluation = await evaluateCifarCnn(shipped, data.test, testLimit === undefined ? {} : { limit: testLimit });
  shipped.dispose();
  const trainSeconds = history.reduce((sum, h) => sum + h.seconds, 0);
  const trainedImages = trainCount * history.length;
  const meta: CifarModelMeta = {
    format: 'cifar10-cnn-v1',
    classes: [...CIFAR10_CLASSES],
    test_accuracy: evaluation.accuracy,
    test_accuracy_float32: float32Accuracy,
    weights_dtype: float16 ? 'float16' : 'float32',
    test_images: evaluation.images,
    epochs: history.length,
    seconds: Math.round(trainSeconds),
    images_per_second: +(trainedImages / trainSeconds).toFixed(1),
    backend: [...new Set(history.map((h) => h.backend))].join('+'),
    data_checksum: data.checksum,
    data_files: data.files,
    arch,
    augmentation: formatAugmentation(augmentation),
    seed,
    batch_size: batchSize,
    optimizer: 'adam, learning rate 0.001',
    loss: 'categorical cross-entropy',
    train_images: trainCount,
    input: CIFAR_INPUT_DESCRIPTION,
    history,
    created_at: new Date().toISOString(),
  };
  await writeFile(join(out, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);

  const table = new Table({ head: ['epochs', 'train seconds', 'images/s', 'test acc float32', `test acc ${meta.weights_dtype}`, 'backend', 'arch', 'augment'], ...PLAIN });
  table.push([
    String(meta.epochs),
    String(meta.seconds),
    String(meta.images_per_second),
    float32Accuracy.toFixed(4),
    evaluation.accuracy.toFixed(4),
    meta.backend,
    arch,
    meta.augmentation,
  ]);
  const perEpoch = new Table({ head: ['epoch', 'loss', 'train acc', 'test acc', 'seconds', 'images/s'], ...PLAIN });
  for (const h of history) {
    perEpoch.push([String(h.epoch), h.loss.toFixed(4), h.accuracy.toFixed(4), h.test_accuracy.toFixed(4), h.seconds.toFixed(0), h.images_per_second.toFixed(1)]);
  }
  process.stdout.write(`${perEpoch.toString()}\n${table.toString()}\nwrote ${out}/model.json, weights.bin, meta.json (this run: ${wall.toFixed(0)} s wall)\n`);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`train:cifar failed: ${message.split('\n')[0]}\n`);
  process.exitCode = 1;
});
