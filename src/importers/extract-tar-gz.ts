import * as tar from 'tar';
import { archiveEntryPath } from './archive-entry-path.ts';
import { DownloadError } from './download-error.ts';

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);
const KEPT_TYPES = new Set([...FILE_TYPES, 'Directory', 'GNUDumpDir']);

/**
 * Unpacks a gzip-compressed tar archive into `destination` with `tar` (strict mode: any damaged entry fails it).
 * Regular files and directories are written; links and devices are skipped; names that would escape
 * `destination` fail the extraction (see `archiveEntryPath`; `tar` refuses them too). Returns the number of
 * files written.
 *
 * ```ts
 * await extractTarGz('/tmp/cifar-10-binary.tar.gz', '/tmp/unpacked'); // 8
 * ```
 */
export async function extractTarGz(file: string, destination: string): Promise<number> {
  let written = 0;
  let refused: unknown;
  try {
    await tar.x({
      file,
      cwd: destination,
      strict: true,
      preserveOwner: false,
      filter: (path, entry) => {
        if (refused !== undefined || !('type' in entry) || !KEPT_TYPES.has(entry.type)) return false;
        try {
          if (archiveEntryPath(destination, path) === undefined) return false;
        } catch (error) {
          refused = error; // a throw here would escape tar's stream; reported once tar has finished
          return false;
        }
        if (FILE_TYPES.has(entry.type)) written += 1;
        return true;
      },
    });
  } catch (error) {
    if (refused === undefined) {
      throw new DownloadError(`${file}: cannot unpack: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  if (refused !== undefined) throw refused;
  return written;
}
