import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';
import { archiveEntryPath } from './archive-entry-path.ts';
import { DownloadError } from './download-error.ts';

const FILE_TYPE = 0o170000;
const REGULAR_FILE = 0o100000;
const DIRECTORY = 0o040000;

/**
 * Unpacks a zip archive into `destination` with yauzl, streaming each entry to disk. yauzl checks each entry's
 * size; this adds the CRC-32 check, refuses encrypted entries, unsupported compression methods and symlinks or
 * other special files, and fails the whole extraction on names that would escape `destination` (see
 * `archiveEntryPath`). Returns the number of files written.
 *
 * ```ts
 * await extractZip('/tmp/ml-100k.zip', '/tmp/unpacked'); // 24
 * ```
 */
export async function extractZip(file: string, destination: string): Promise<number> {
  let written = 0;
  try {
    // decodeStrings: false so that entry names are checked (and reported) by archiveEntryPath, not by yauzl.
    const zip = await yauzl.openPromise(file, { decodeStrings: false, validateEntrySizes: true });
    for await (const entry of zip.eachEntry()) {
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
      const quoted = JSON.stringify(name);
      const target = archiveEntryPath(destination, name);
      if (target === undefined) continue;
      const type = (entry.externalFileAttributes >>> 16) & FILE_TYPE;
      if (name.endsWith('/') || type === DIRECTORY) {
        await mkdir(target, { recursive: true });
        continue;
      }
      if (type !== 0 && type !== REGULAR_FILE) throw new DownloadError(`${file}: entry ${quoted} is a symlink or special file`);
      if (entry.isEncrypted()) throw new DownloadError(`${file}: entry ${quoted} is encrypted`);
      if (!entry.canDecodeFileData()) {
        throw new DownloadError(`${file}: entry ${quoted} uses unsupported compression method ${entry.compressionMethod}`);
      }
      await mkdir(dirname(target), { recursive: true });
      let crc = 0;
      const checksum = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          crc = crc32(chunk, crc);
          callback(null, chunk);
        },
      });
      try {
        await pipeline(await zip.openReadStreamPromise(entry), checksum, createWriteStream(target));
      } catch (error) {
        throw new DownloadError(`${file}: cannot unpack entry ${quoted}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      // yauzl has already checked the size against the central directory.
      if (crc >>> 0 !== entry.crc32) throw new DownloadError(`${file}: entry ${quoted} is corrupt (CRC-32 or size mismatch)`);
      written += 1;
    }
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    throw new DownloadError(`${file}: cannot unpack: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return written;
}
