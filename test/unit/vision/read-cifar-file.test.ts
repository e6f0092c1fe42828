import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CifarFormatError } from '../../../src/vision/cifar-format-error.ts';
import { datasetChecksum, loadCifar10 } from '../../../src/vision/load-cifar10.ts';
import { CIFAR_IMAGE_BYTES, CIFAR_RECORD_BYTES, readCifarFile } from '../../../src/vision/read-cifar-file.ts';

/** Record i: label i % 10; R plane = (i + p) & 255, G = (2i + p) & 255, B = (3i + p) & 255 for pixel p. */
function records(count: number, firstIndex = 0): Buffer {
  const out = Buffer.alloc(count * CIFAR_RECORD_BYTES);
  for (let r = 0; r < count; r++) {
    const i = firstIndex + r;
    const o = r * CIFAR_RECORD_BYTES;
    out[o] = i % 10;
    for (let p = 0; p < 1024; p++) {
      out[o + 1 + p] = (i + p) & 255;
      out[o + 1025 + p] = (2 * i + p) & 255;
      out[o + 2049 + p] = (3 * i + p) & 255;
    }
  }
  return out;
}

function expectImage(pixels: Uint8Array, labels: Uint8Array, at: number, i: number): void {
  expect(labels[at]).toBe(i % 10);
  for (const p of [0, 1, 31, 32, 500, 1023]) {
    const o = at * CIFAR_IMAGE_BYTES + p * 3;
    expect([pixels[o], pixels[o + 1], pixels[o + 2]]).toEqual([(i + p) & 255, (2 * i + p) & 255, (3 * i + p) & 255]);
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cifar-reader-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, bytes: Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

describe('readCifarFile', () => {
  it('reads plain records into NHWC bytes and labels, with the file sha256', async () => {
    const raw = records(7);
    const path = await write('plain.bin', raw);
    const read = await readCifarFile(path, { expectedRecords: 7 });
    expect(read.count).toBe(7);
    expect(read.gzipped).toBe(false);
    expect(read.pixels.length).toBe(7 * CIFAR_IMAGE_BYTES);
    expect(read.sha256).toBe(createHash('sha256').update(raw).digest('hex'));
    for (let i = 0; i < 7; i++) expectImage(read.pixels, read.labels, i, i);
  });

  it('detects gzip by its magic bytes whatever the name, and gives the same images', async () => {
    const raw = records(300); // > 1 MiB decompressed: records straddle stream chunks
    const gz = gzipSync(raw);
    const path = await write('looks-plain.bin', gz);
    const read = await readCifarFile(path);
    expect(read.gzipped).toBe(true);
    expect(read.count).toBe(300);
    expect(read.sha256).toBe(createHash('sha256').update(gz).digest('hex'));
    for (const i of [0, 1, 137, 299]) expectImage(read.pixels, read.labels, i, i);
  });

  it('writes into a caller-owned target at an offset', async () => {
    const path = await write('target.bin.gz', gzipSync(records(3, 10)));
    const pixels = new Uint8Array(5 * CIFAR_IMAGE_BYTES);
    const labels = new Uint8Array(5).fill(99);
    const read = await readCifarFile(path, { target: { pixels, labels, offset: 2 } });
    expect(read.count).toBe(3);
    expect(read.pixels.buffer).toBe(pixels.buffer);
    expect(labels[1]).toBe(99);
    for (let r = 0; r < 3; r++) expectImage(pixels, labels, 2 + r, 10 + r);
  });

  it('refuses a plain file cut inside a record, naming the file', async () => {
    const path = await write('cut.bin', records(3).subarray(0, 2 * CIFAR_RECORD_BYTES + 100));
    const error = await readCifarFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CifarFormatError);
    expect((error as CifarFormatError).file).toBe(path);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(/not a whole number of 3073-byte records/);
  });

  it('refuses a gzip stream whose content is cut inside a record', async () => {
    const path = await write('cut-inside.bin.gz', gzipSync(records(3).subarray(0, 2 * CIFAR_RECORD_BYTES + 5)));
    await expect(readCifarFile(path)).rejects.toThrow(new RegExp(`${path}: truncated: 2 whole records, then 5 of the 3073 bytes`));
  });

  it('refuses a truncated gzip file', async () => {
    const gz = gzipSync(records(20));
    const path = await write('truncated.bin.gz', gz.subarray(0, Math.floor(gz.length / 2)));
    const error = await readCifarFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CifarFormatError);
    expect((error as Error).message).toMatch(/truncated\.bin\.gz: corrupt or truncated gzip stream/);
  });

  it('refuses a foreign file of the right size by its labels', async () => {
    const foreign = Buffer.alloc(2 * CIFAR_RECORD_BYTES, 0x41); // 'AAAA...': label 65
    const path = await write('foreign.bin', foreign);
    await expect(readCifarFile(path)).rejects.toThrow(/foreign\.bin: record 0 has label 65, expected 0\.\.9: not a CIFAR-10 binary file/);
  });

  it('refuses a foreign file of another size, and an empty one', async () => {
    const png = await write('image.png', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    await expect(readCifarFile(png)).rejects.toThrow(/image\.png: size 16 bytes is not a whole number/);
    const empty = await write('empty.bin', new Uint8Array(0));
    await expect(readCifarFile(empty)).rejects.toThrow(/empty\.bin: file is empty/);
  });

  it('checks the expected record count', async () => {
    const path = await write('nine.bin.gz', gzipSync(records(9)));
    await expect(readCifarFile(path, { expectedRecords: 10 })).rejects.toThrow(/nine\.bin\.gz: holds 9 records, expected 10/);
    const plain = await write('eleven.bin', records(11));
    await expect(readCifarFile(plain, { expectedRecords: 10 })).rejects.toThrow(/eleven\.bin: holds 11 records, expected 10/);
  });

  it('names a missing file', async () => {
    await expect(readCifarFile(join(dir, 'nope.bin'))).rejects.toThrow(/nope\.bin: cannot open/);
  });
});

describe('loadCifar10', () => {
  it('loads five training files and the test file into one array per split, mixing .bin and .bin.gz', async () => {
    const data = join(dir, 'set');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(data);
    for (let f = 1; f <= 5; f++) {
      const bytes = records(4, (f - 1) * 4);
      await writeFile(join(data, f % 2 ? `data_batch_${f}.bin.gz` : `data_batch_${f}.bin`), f % 2 ? gzipSync(bytes) : bytes);
    }
    await writeFile(join(data, 'test_batch.bin.gz'), gzipSync(records(4, 100)));
    const loaded = await loadCifar10(data, { recordsPerFile: 4 });
    expect(loaded.train.count).toBe(20);
    expect(loaded.test.count).toBe(4);
    for (let i = 0; i < 20; i++) expectImage(loaded.train.pixels, loaded.train.labels, i, i);
    for (let i = 0; i < 4; i++) expectImage(loaded.test.pixels, loaded.test.labels, i, 100 + i);
    expect(loaded.files.map((f) => f.name)).toEqual([
      'data_batch_1.bin.gz', 'data_batch_2.bin', 'data_batch_3.bin.gz', 'data_batch_4.bin', 'data_batch_5.bin.gz', 'test_batch.bin.gz',
    ]);
    expect(loaded.checksum).toBe(datasetChecksum([...loaded.files].reverse()));
    await expect(loadCifar10(data, { recordsPerFile: 5 })).rejects.toThrow(/data_batch_1\.bin\.gz: holds 4 records, expected 5/);
    await expect(loadCifar10(dir, { recordsPerFile: 4 })).rejects.toThrow(/data_batch_1\.bin\[\.gz\]: missing/);
  });
});
