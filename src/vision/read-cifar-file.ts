import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { CifarFormatError } from './cifar-format-error.ts';

/** Bytes of one CIFAR-10 record: one label byte, then 1,024 R, 1,024 G and 1,024 B bytes (row-major 32x32 planes). */
export const CIFAR_RECORD_BYTES = 3073;
/** Bytes of one decoded image, interleaved RGB (32 x 32 x 3, NHWC order). */
export const CIFAR_IMAGE_BYTES = 3072;
/** Records in every official `data_batch_N.bin` and in `test_batch.bin`. */
export const CIFAR_RECORDS_PER_FILE = 10_000;

const PLANE = 1024;

/** Where {@link readCifarFile} writes: preallocated arrays and the record index to start at. */
export interface CifarTarget {
  /** `capacity * 3072` bytes, NHWC (interleaved RGB). */
  readonly pixels: Uint8Array;
  /** `capacity` bytes, one label (0..9) per image. */
  readonly labels: Uint8Array;
  /** First record index to write. */
  readonly offset: number;
}

/** Options of {@link readCifarFile}. */
export interface ReadCifarFileOptions {
  /** Fail unless the file holds exactly this many records (10,000 for the official files). */
  readonly expectedRecords?: number;
  /** Write into these arrays instead of allocating new ones (no intermediate copies when loading several files). */
  readonly target?: CifarTarget;
}

/** What {@link readCifarFile} read. */
export interface CifarFileContents {
  readonly file: string;
  /** Records read. */
  readonly count: number;
  /** `count * 3072` bytes NHWC, a view on `target.pixels` when a target was given. */
  readonly pixels: Uint8Array;
  /** `count` labels, a view on `target.labels` when a target was given. */
  readonly labels: Uint8Array;
  /** sha256 (hex) of the file's bytes as stored (compressed when gzipped). */
  readonly sha256: string;
  readonly gzipped: boolean;
}

/**
 * Streams one CIFAR-10 binary file (`.bin`, or gzipped: detected by its magic bytes, not its name)
 * and converts each record from planar RGB to interleaved NHWC bytes on the fly, so no copy of
 * the whole decompressed file is ever held. Record counts and sizes are checked: a truncated,
 * corrupt or foreign file rejects with a {@link CifarFormatError} naming the file.
 *
 * ```ts
 * const { count, pixels, labels } = await readCifarFile('data/cifar-10/test_batch.bin.gz', { expectedRecords: 10_000 });
 * // pixels[(i * 1024 + y * 32 + x) * 3 + c] is channel c of pixel (x, y) of image i, 0..255
 * ```
 */
export async function readCifarFile(file: string, options: ReadCifarFileOptions = {}): Promise<CifarFileContents> {
  let size: number;
  let gzipped: boolean;
  let gzipSizeHint = 0;
  {
    let handle;
    try {
      handle = await open(file, 'r');
    } catch (error) {
      throw new CifarFormatError(file, `cannot open: ${(error as Error).message}`, { cause: error });
    }
    try {
      size = (await handle.stat()).size;
      const head = Buffer.alloc(2);
      await handle.read(head, 0, 2, 0);
      gzipped = size >= 18 && head[0] === 0x1f && head[1] === 0x8b;
      if (gzipped) {
        const tail = Buffer.alloc(4);
        await handle.read(tail, 0, 4, size - 4);
        gzipSizeHint = tail.readUInt32LE(0);
      }
    } finally {
      await handle.close();
    }
  }
  if (size === 0) throw new CifarFormatError(file, 'file is empty');
  if (!gzipped && size % CIFAR_RECORD_BYTES !== 0) {
    throw new CifarFormatError(
      file,
      `size ${size} bytes is not a whole number of ${CIFAR_RECORD_BYTES}-byte records ` +
        `(${Math.floor(size / CIFAR_RECORD_BYTES)} records and ${size % CIFAR_RECORD_BYTES} bytes left over): truncated or not a CIFAR-10 binary file`,
    );
  }
  const expected = options.expectedRecords;
  const rawRecords = gzipped ? 0 : size / CIFAR_RECORD_BYTES;
  if (!gzipped && expected !== undefined && rawRecords !== expected) {
    throw new CifarFormatError(file, `holds ${rawRecords} records, expected ${expected}`);
  }

  // Output storage: the caller's target, or arrays sized from the file (the gzip trailer's ISIZE is only a hint).
  const target = options.target;
  const start = target?.offset ?? 0;
  let capacity: number;
  let pixels: Uint8Array;
  let labels: Uint8Array;
  if (target) {
    capacity = target.labels.length - start;
    pixels = target.pixels;
    labels = target.labels;
  } else {
    capacity = expected ?? (gzipped ? Math.max(1, Math.floor(gzipSizeHint / CIFAR_RECORD_BYTES)) : rawRecords);
    // Never trust a size hint for the first allocation beyond one official file; grow (doubling) past it.
    capacity = Math.max(1, Math.min(capacity, CIFAR_RECORDS_PER_FILE));
    pixels = new Uint8Array(capacity * CIFAR_IMAGE_BYTES);
    labels = new Uint8Array(capacity);
  }

  const hash = createHash('sha256');
  const record = new Uint8Array(CIFAR_RECORD_BYTES);
  let filled = 0;
  let count = 0;

  const storeRecord = (rec: Uint8Array): void => {
    const label = rec[0]!;
    if (label > 9) {
      throw new CifarFormatError(
        file,
        `record ${count} has label ${label}, expected 0..9: not a CIFAR-10 binary file (CIFAR-100 records are 3,074 bytes)`,
      );
    }
    if (expected !== undefined && count >= expected) {
      throw new CifarFormatError(file, `holds more than the expected ${expected} records`);
    }
    if (count >= capacity) {
      if (target) throw new CifarFormatError(file, `holds more records than the ${capacity} left in the target`);
      capacity *= 2;
      const grownPixels = new Uint8Array(capacity * CIFAR_IMAGE_BYTES);
      grownPixels.set(pixels);
      pixels = grownPixels;
      const grownLabels = new Uint8Array(capacity);
      grownLabels.set(labels);
      labels = grownLabels;
    }
    labels[start + count] = label;
    let o = (start + count) * CIFAR_IMAGE_BYTES;
    for (let p = 1; p <= PLANE; p++, o += 3) {
      pixels[o] = rec[p]!;
      pixels[o + 1] = rec[p + PLANE]!;
      pixels[o + 2] = rec[p + 2 * PLANE]!;
    }
    count++;
  };

  const consume = (chunk: Uint8Array): void => {
    let i = 0;
    if (filled > 0) {
      const take = Math.min(CIFAR_RECORD_BYTES - filled, chunk.length);
      record.set(chunk.subarray(0, take), filled);
      filled += take;
      i = take;
      if (filled < CIFAR_RECORD_BYTES) return;
      storeRecord(record);
      filled = 0;
    }
    // Whole records straight from the chunk, no copy.
    for (; i + CIFAR_RECORD_BYTES <= chunk.length; i += CIFAR_RECORD_BYTES) {
      storeRecord(chunk.subarray(i, i + CIFAR_RECORD_BYTES));
    }
    if (i < chunk.length) {
      record.set(chunk.subarray(i), 0);
      filled = chunk.length - i;
    }
  };

  const hashTap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  let formatError: CifarFormatError | undefined;
  const sink = async (source: AsyncIterable<Buffer>): Promise<void> => {
    for await (const chunk of source) {
      try {
        consume(chunk);
      } catch (error) {
        // Kept aside: pipeline() reports a sink failure as a bare AbortError.
        if (error instanceof CifarFormatError) formatError = error;
        throw error;
      }
    }
  };
  try {
    if (gzipped) await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), hashTap, createGunzip(), sink);
    else await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), hashTap, sink);
  } catch (error) {
    if (formatError) throw formatError;
    if (error instanceof CifarFormatError) throw error;
    const message = (error as Error).message;
    const problem = gzipped ? `corrupt or truncated gzip stream after ${count} records (${message})` : `read failed after ${count} records (${message})`;
    throw new CifarFormatError(file, problem, { cause: error });
  }
  if (filled > 0) {
    throw new CifarFormatError(
      file,
      `truncated: ${count} whole records, then ${filled} of the ${CIFAR_RECORD_BYTES} bytes of record ${count}`,
    );
  }
  if (count === 0) throw new CifarFormatError(file, 'holds no records');
  if (expected !== undefined && count !== expected) {
    throw new CifarFormatError(file, `holds ${count} records, expected ${expected}`);
  }
  return {
    file,
    count,
    pixels: target ? pixels.subarray(start * CIFAR_IMAGE_BYTES, (start + count) * CIFAR_IMAGE_BYTES) : pixels.subarray(0, count * CIFAR_IMAGE_BYTES),
    labels: target ? labels.subarray(start, start + count) : labels.subarray(0, count),
    sha256: hash.digest('hex'),
    gzipped,
  };
}
