import { createReadStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createGunzip } from 'node:zlib';
import { archiveEntryPath } from './archive-entry-path.ts';
import { DownloadError } from './download-error.ts';

const BLOCK = 512;

/** Pulls exact byte counts out of a stream of chunks. */
class ChunkReader {
  readonly #chunks: AsyncIterator<Buffer>;
  #buffer: Buffer = Buffer.alloc(0);

  constructor(source: AsyncIterable<Buffer>) {
    this.#chunks = source[Symbol.asyncIterator]();
  }

  /** The next `length` bytes, or undefined at the end of the stream (a partial block is an error). */
  async take(length: number): Promise<Buffer | undefined> {
    while (this.#buffer.length < length) {
      const next = await this.#chunks.next();
      if (next.done) {
        if (this.#buffer.length === 0) return undefined;
        throw new DownloadError('truncated tar archive');
      }
      this.#buffer = this.#buffer.length === 0 ? next.value : Buffer.concat([this.#buffer, next.value]);
    }
    const taken = this.#buffer.subarray(0, length);
    this.#buffer = this.#buffer.subarray(length);
    return taken;
  }

  /** The next `length` bytes as a sequence of pieces, without joining them. */
  async *pieces(length: number): AsyncGenerator<Buffer> {
    let left = length;
    while (left > 0) {
      if (this.#buffer.length === 0) {
        const next = await this.#chunks.next();
        if (next.done) throw new DownloadError('truncated tar archive');
        this.#buffer = next.value;
      }
      const piece = this.#buffer.subarray(0, Math.min(left, this.#buffer.length));
      this.#buffer = this.#buffer.subarray(piece.length);
      left -= piece.length;
      yield piece;
    }
  }
}

function text(header: Buffer, start: number, length: number): string {
  const field = header.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

function octal(header: Buffer, start: number, length: number): number {
  if (header[start]! & 0x80) {
    let value = 0;
    for (let index = start + 1; index < start + length; index++) value = value * 256 + header[index]!;
    return value;
  }
  const digits = text(header, start, length).trim();
  if (!/^[0-7]*$/.test(digits)) throw new DownloadError('corrupt tar header');
  return digits === '' ? 0 : Number.parseInt(digits, 8);
}

function checksumMatches(header: Buffer): boolean {
  let sum = 0;
  for (let index = 0; index < BLOCK; index++) sum += index >= 148 && index < 156 ? 32 : header[index]!;
  return sum === octal(header, 148, 8);
}

/** `path=` of a pax extended header, when present. */
function paxPath(data: Buffer): string | undefined {
  let offset = 0;
  let path: string | undefined;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space === -1) break;
    const length = Number(data.subarray(offset, space).toString('ascii'));
    if (!Number.isInteger(length) || length <= 0) break;
    const record = data.subarray(space + 1, offset + length - 1).toString('utf8');
    if (record.startsWith('path=')) path = record.slice(5);
    offset += length;
  }
  return path;
}

/**
 * Unpacks a gzip-compressed tar archive (ustar, pax and GNU long names) into `destination`, streaming file data to
 * disk. Regular files and directories are written; links and devices are skipped; names that would escape
 * `destination` fail the extraction. Returns the number of files written.
 *
 * ```ts
 * await extractTarGz('/tmp/cifar-10-binary.tar.gz', '/tmp/unpacked'); // 8
 * ```
 */
export async function extractTarGz(file: string, destination: string): Promise<number> {
  const gunzip = createGunzip();
  const input = createReadStream(file);
  input.on('error', (error) => gunzip.destroy(error));
  const reader = new ChunkReader(input.pipe(gunzip));
  let written = 0;
  let longName: string | undefined;
  try {
    while (true) {
      const header = await reader.take(BLOCK);
      if (header === undefined || header.every((byte) => byte === 0)) break;
      if (!checksumMatches(header)) throw new DownloadError(`${file}: corrupt tar header`);
      const size = octal(header, 124, 12);
      const type = String.fromCharCode(header[156]!);
      const padding = (BLOCK - (size % BLOCK)) % BLOCK;
      const prefix = text(header, 257, 6).startsWith('ustar') ? text(header, 345, 155) : '';
      const name = longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
      longName = undefined;

      if (type === 'x' || type === 'L') {
        const parts: Buffer[] = [];
        for await (const piece of reader.pieces(size)) parts.push(piece);
        const data = Buffer.concat(parts);
        longName = type === 'x' ? paxPath(data) : data.toString('utf8').replace(/\0+$/, '');
      } else if (type === '0' || type === '\0' || type === '7') {
        const target = archiveEntryPath(destination, name);
        if (target === undefined) {
          for await (const _ of reader.pieces(size));
        } else {
          await mkdir(dirname(target), { recursive: true });
          const output = await open(target, 'w');
          try {
            for await (const piece of reader.pieces(size)) await output.write(piece);
          } finally {
            await output.close();
          }
          written += 1;
        }
      } else {
        if (type === '5') {
          const target = archiveEntryPath(destination, name);
          if (target !== undefined) await mkdir(target, { recursive: true });
        }
        for await (const _ of reader.pieces(size));
      }
      if (padding > 0) await reader.take(padding);
    }
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    throw new DownloadError(`${file}: cannot unpack: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    input.destroy();
    gunzip.destroy();
  }
  return written;
}
