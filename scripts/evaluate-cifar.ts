/**
 * Evaluates a saved CIFAR-10 model on the 10,000 test images.
 *
 *   npm run evaluate:cifar -- --data <dir> [--model models/cifar10] [--json out.json] [--backend wasm|cpu|node]
 *
 * Prints the test accuracy, per-class accuracy and the confusion matrix (rows: actual, columns: predicted);
 * `--json` also writes {"accuracy", "per_class": {"airplane": x, ...}, "confusion": [[...]], "images", "seconds"}.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import { pino } from 'pino';
import { initTensorFlow } from '../src/ml/init-tensorflow.ts';
import { loadModelFromDir } from '../src/ml/load-model-from-dir.ts';
import type { TfBackendName } from '../src/ml/tf-backend-name.ts';
import { CIFAR10_CLASSES } from '../src/vision/cifar10-classes.ts';
import { evaluateCifarCnn } from '../src/vision/evaluate-cifar-cnn.ts';
import { loadCifar10 } from '../src/vision/load-cifar10.ts';

const PLAIN = process.stdout.isTTY ? {} : { style: { head: [], border: [] } };
const USAGE = 'usage: npm run evaluate:cifar -- --data <dir> [--model models/cifar10] [--json out.json]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { data: { type: 'string' }, model: { type: 'string' }, json: { type: 'string' }, backend: { type: 'string' } },
  });
  if (!values.data) throw new Error(USAGE);
  const backend = values.backend as TfBackendName | undefined;
  if (backend !== undefined && !['wasm', 'cpu', 'node'].includes(backend)) throw new Error('--backend must be wasm, cpu or node');
  const modelDir = resolve(values.model ?? 'models/cifar10');
  if (!existsSync(join(modelDir, 'model.json'))) throw new Error(`${modelDir}/model.json not found; train first with npm run train:cifar`);

  const logger = pino({ name: 'evaluate-cifar' }, pino.destination(2));
  const runtime = await initTensorFlow({ logger, ...(backend ? { backend } : {}) });
  const metaPath = join(modelDir, 'meta.json');
  const meta = existsSync(metaPath) ? (JSON.parse(await readFile(metaPath, 'utf8')) as { classes?: string[] }) : {};
  const classes = meta.classes ?? [...CIFAR10_CLASSES];

  const data = await loadCifar10(values.data, { testOnly: true });
  const model = await loadModelFromDir(modelDir);
  const result = await evaluateCifarCnn(model, data.test);
  model.dispose();

  const perClass = new Table({ head: ['class', 'accuracy', 'images'], ...PLAIN });
  classes.forEach((name, c) => perClass.push([name, (result.perClass[c] ?? 0).toFixed(4), String(result.confusion[c]?.reduce((a, b) => a + b, 0) ?? 0)]));
  const confusion = new Table({ head: ['actual \\ predicted', ...classes.map((name) => name.slice(0, 5))], ...PLAIN });
  result.confusion.forEach((row, c) => confusion.push([classes[c] ?? String(c), ...row.map(String)]));
  process.stdout.write(
    `test accuracy ${result.accuracy.toFixed(4)} on ${result.images} images in ${result.seconds.toFixed(1)} s (${runtime.backend}; model ${modelDir})\n` +
      `${perClass.toString()}\n${confusion.toString()}\n`,
  );
  if (values.json) {
    const json = {
      accuracy: result.accuracy,
      per_class: Object.fromEntries(classes.map((name, c) => [name, result.perClass[c] ?? 0])),
      confusion: result.confusion,
      images: result.images,
      seconds: +result.seconds.toFixed(3),
    };
    await writeFile(values.json, `${JSON.stringify(json, null, 2)}\n`);
    process.stdout.write(`wrote ${values.json}\n`);
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`evaluate:cifar failed: ${message.split('\n')[0]}\n`);
  process.exitCode = 1;
});
