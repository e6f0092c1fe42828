import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CifarFormatError } from './cifar-format-error.ts';
import { CIFAR_IMAGE_BYTES, CIFAR_RECORDS_PER_FILE, readCifarFile } from './read-cifar-file.ts';

/** A set of decoded CIFAR images, NHWC bytes, with their labels. */
export interface CifarSplit {
  /** `count * 3072` bytes: image i, pixel (x, y), channel c at `(i * 1024 + y * 32 + x) * 3 + c`. */
  readonly pixels: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
}

/** The training and test splits plus where they came from. */
export interface Cifar10Data {
  readonly train: CifarSplit;
  readonly test: CifarSplit;
  /** Every file read, in the order read, with its sha256 (of the bytes as stored). */
  readonly files: ReadonlyArray<{ readonly name: string; readonly sha256: string }>;
  /** sha256 over the `sha256  name` lines of every file (like `sha256sum` output): identifies the data set. */
  readonly checksum: string;
}

/** Options of {@link loadCifar10}. */
export interface LoadCifar10Options {
  /** Read only the first N training files (1..5); default 5. */
  readonly trainFiles?: number;
  /** Skip the training files (evaluation only). */
  readonly testOnly?: boolean;
  /** Records each file must hold; default 10,000 (the official files). */
  readonly recordsPerFile?: number;
}

const TRAIN_FILES = ['data_batch_1', 'data_batch_2', 'data_batch_3', 'data_batch_4', 'data_batch_5'];

/** Finds `<base>.bin` or `<base>.bin.gz` in `dir`; throws naming both when neither exists. */
export function findCifarFile(dir: string, base: string): string {
  for (const candidate of [`${base}.bin`, `${base}.bin.gz`]) {
    const path = join(dir, candidate);
    if (existsSync(path)) return path;
  }
  throw new CifarFormatError(join(dir, `${base}.bin[.gz]`), `missing (expected ${base}.bin or ${base}.bin.gz in ${dir})`);
}

/**
 * Reads the CIFAR-10 binary version from a directory (`data_batch_1..5.bin[.gz]`, `test_batch.bin[.gz]`)
 * straight into one preallocated array per split; each file must hold exactly 10,000 records.
 *
 * ```ts
 * const data = await loadCifar10('../shared/data/cifar-10');
 * data.train.count; // 50000
 * data.checksum;    // sha256 identifying the files
 * ```
 */
export async function loadCifar10(dir: string, options: LoadCifar10Options = {}): Promise<Cifar10Data> {
  const trainBases = options.testOnly ? [] : TRAIN_FILES.slice(0, options.trainFiles ?? 5);
  const perFile = options.recordsPerFile ?? CIFAR_RECORDS_PER_FILE;
  const trainCount = trainBases.length * perFile;
  const train = { pixels: new Uint8Array(trainCount * CIFAR_IMAGE_BYTES), labels: new Uint8Array(trainCount), count: trainCount };
  const test = {
    pixels: new Uint8Array(perFile * CIFAR_IMAGE_BYTES),
    labels: new Uint8Array(perFile),
    count: perFile,
  };
  const files: Array<{ name: string; sha256: string }> = [];
  for (const [index, base] of trainBases.entries()) {
    const path = findCifarFile(dir, base);
    const read = await readCifarFile(path, {
      expectedRecords: perFile,
      target: { pixels: train.pixels, labels: train.labels, offset: index * perFile },
    });
    files.push({ name: path.slice(dir.length).replace(/^[/\\]/, ''), sha256: read.sha256 });
  }
  const testPath = findCifarFile(dir, 'test_batch');
  const read = await readCifarFile(testPath, {
    expectedRecords: perFile,
    target: { pixels: test.pixels, labels: test.labels, offset: 0 },
  });
  files.push({ name: testPath.slice(dir.length).replace(/^[/\\]/, ''), sha256: read.sha256 });
  return { train, test, files, checksum: datasetChecksum(files) };
}

/** sha256 over `sha256  name\n` lines sorted by name: the same files give the same checksum whatever order they were read in. */
export function datasetChecksum(files: ReadonlyArray<{ readonly name: string; readonly sha256: string }>): string {
  const lines = [...files].sort((a, b) => a.name.localeCompare(b.name)).map((f) => `${f.sha256}  ${f.name}\n`);
  return createHash('sha256').update(lines.join('')).digest('hex');
}
