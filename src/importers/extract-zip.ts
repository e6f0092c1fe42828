import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32, createInflateRaw } from 'node:zlib';
import { archiveEntryPath } from './archive-entry-path.ts';
import { DownloadError } from './download-error.ts';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

/** Counts bytes and their CRC-32 as they pass. */
class Crc32Counter extends Transform {
  crc = 0;
  bytes = 0;
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.crc = crc32(chunk, this.crc);
    this.bytes += chunk.length;
    callback(null, chunk);
  }
}

function readCentralDirectory(buffer: Buffer, count: number, file: string): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let offset = 0;
  for (let index = 0; index < count; index++) {
    if (offset + 46 > buffer.length || buffer.readUInt32LE(offset) !== CENTRAL_DIRECTORY_ENTRY) {
      throw new DownloadError(`${file}: corrupt zip central directory`);
    }
    const flags = buffer.readUInt16LE(offset + 8);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const nameBytes = buffer.subarray(offset + 46, offset + 46 + nameLength);
    entries.push({
      name: nameBytes.toString(flags & 0x800 ? 'utf8' : 'latin1'),
      flags,
      method: buffer.readUInt16LE(offset + 10),
      crc: buffer.readUInt32LE(offset + 16),
      compressedSize: buffer.readUInt32LE(offset + 20),
      size: buffer.readUInt32LE(offset + 24),
      localHeaderOffset: buffer.readUInt32LE(offset + 42),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Unpacks a zip archive (stored or deflated entries; no ZIP64, no encryption) into `destination`, streaming each
 * entry and checking its CRC-32 and size. Returns the number of files written. Entry names that would escape
 * `destination` fail the whole extraction.
 *
 * ```ts
 * await extractZip('/tmp/ml-100k.zip', '/tmp/unpacked'); // 24
 * ```
 */
export async function extractZip(file: string, destination: string): Promise<number> {
  const handle = await open(file, 'r');
  let entries: ZipEntry[];
  const localHeaders = new Map<number, Buffer>();
  try {
    const { size } = await handle.stat();
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    let end = -1;
    for (let index = tailLength - 22; index >= 0; index--) {
      if (tail.readUInt32LE(index) === END_OF_CENTRAL_DIRECTORY) {
        end = index;
        break;
      }
    }
    if (end < 0) throw new DownloadError(`${file}: not a zip archive (no end of central directory)`);
    const count = tail.readUInt16LE(end + 10);
    const directorySize = tail.readUInt32LE(end + 12);
    const directoryOffset = tail.readUInt32LE(end + 16);
    if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
      throw new DownloadError(`${file}: ZIP64 archives are not supported`);
    }
    if (directoryOffset + directorySize > size) throw new DownloadError(`${file}: truncated zip archive`);
    const directory = Buffer.alloc(directorySize);
    await handle.read(directory, 0, directorySize, directoryOffset);
    entries = readCentralDirectory(directory, count, file);
    for (const entry of entries) {
      const header = Buffer.alloc(30);
      await handle.read(header, 0, 30, entry.localHeaderOffset);
      if (header.readUInt32LE(0) !== LOCAL_FILE_HEADER) throw new DownloadError(`${file}: corrupt zip entry ${JSON.stringify(entry.name)}`);
      localHeaders.set(entry.localHeaderOffset, header);
    }
  } finally {
    await handle.close();
  }

  let written = 0;
  for (const entry of entries) {
    const target = archiveEntryPath(destination, entry.name);
    if (target === undefined) continue;
    if (entry.name.endsWith('/')) {
      await mkdir(target, { recursive: true });
      continue;
    }
    if (entry.flags & 0x1) throw new DownloadError(`${file}: entry ${JSON.stringify(entry.name)} is encrypted`);
    if (entry.method !== 0 && entry.method !== 8) {
      throw new DownloadError(`${file}: entry ${JSON.stringify(entry.name)} uses unsupported compression method ${entry.method}`);
    }
    const header = localHeaders.get(entry.localHeaderOffset)!;
    const dataStart = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    await mkdir(dirname(target), { recursive: true });
    const counter = new Crc32Counter();
    const output = createWriteStream(target);
    if (entry.compressedSize === 0) {
      await pipeline(async function* () {}, counter, output);
    } else {
      const input = createReadStream(file, { start: dataStart, end: dataStart + entry.compressedSize - 1 });
      if (entry.method === 8) await pipeline(input, createInflateRaw(), counter, output);
      else await pipeline(input, counter, output);
    }
    if (counter.bytes !== entry.size || counter.crc >>> 0 !== entry.crc) {
      throw new DownloadError(`${file}: entry ${JSON.stringify(entry.name)} is corrupt (CRC-32 or size mismatch)`);
    }
    written += 1;
  }
  return written;
}
