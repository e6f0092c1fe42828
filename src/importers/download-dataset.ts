import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, readdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Logger } from '../logger.ts';
import { archiveFileName, type DatasetArchive } from './dataset-archives.ts';
import { DownloadError } from './download-error.ts';
import { extractTarGz } from './extract-tar-gz.ts';
import { extractZip } from './extract-zip.ts';
import { silentProgress, type ProgressReporter } from './progress-reporter.ts';

/** Options of {@link downloadDataset}. */
export interface DownloadDatasetOptions {
  archive: DatasetArchive;
  /** The directory the unpacked data set becomes (a single top-level folder in the archive is stripped). */
  destination: string;
  /** Where to fetch from (default: the archive's official URL; see `resolveDatasetUrl`). */
  url?: string;
  /** A sha256 to require in addition to (or instead of) the table's checksums. */
  sha256?: string;
  /**
   * JSON file of sha256 digests pinned on first download, for archives with no known checksum
   * (default `<parent of destination>/.download-checksums.json`; `false`: such archives are refused).
   */
  pinFile?: string | false;
  /** Replace a destination that exists and is not empty. */
  force?: boolean;
  logger?: Logger;
  /** Creates the progress display for the transfer (default: none). */
  progress?: (label: string) => ProgressReporter;
  signal?: AbortSignal;
}

/** What {@link downloadDataset} did. */
export interface DownloadResult {
  url: string;
  destination: string;
  bytes: number;
  md5: string;
  sha256: string;
  /** The checks that passed, e.g. `md5 (GroupLens, ml-100k.zip.md5)`, or `sha256 pinned now in <file>`. */
  verifiedBy: string[];
  files: number;
}

const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

async function fetchToFile(url: string, file: string, options: DownloadDatasetOptions): Promise<{ bytes: number; md5: string; sha256: string }> {
  let response: Response;
  try {
    response = await fetch(url, { signal: options.signal, redirect: 'follow' });
  } catch (error) {
    const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    throw new DownloadError(`GET ${url}: ${cause}`, { cause: error });
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new DownloadError(`GET ${url}: HTTP ${response.status} ${response.statusText}`.trim());
  }
  const total = Number(response.headers.get('content-length') ?? Number.NaN);
  const progress = options.progress?.(`${options.archive.name}`) ?? silentProgress;
  const md5 = createHash('md5');
  const sha256 = createHash('sha256');
  const output = await open(file, 'w');
  let bytes = 0;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      md5.update(chunk);
      sha256.update(chunk);
      await output.write(chunk);
      bytes += chunk.length;
      progress.update(Number.isFinite(total) && total > 0 ? bytes / total : 0, Number.isFinite(total) ? `${megabytes(bytes)} of ${megabytes(total)}` : megabytes(bytes));
    }
  } catch (error) {
    throw new DownloadError(`GET ${url}: transfer failed after ${bytes} bytes: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    progress.stop();
    await output.close();
  }
  if (Number.isFinite(total) && bytes !== total) throw new DownloadError(`GET ${url}: got ${bytes} bytes, expected ${total}`);
  return { bytes, md5: md5.digest('hex'), sha256: sha256.digest('hex') };
}

async function readPins(pinFile: string): Promise<Record<string, string>> {
  if (!existsSync(pinFile)) return {};
  try {
    return JSON.parse(await readFile(pinFile, 'utf8')) as Record<string, string>;
  } catch (error) {
    throw new DownloadError(`cannot read the checksum pin file ${pinFile}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Checks the digests against every known checksum; returns what was checked and, for a first download, the pin to record. */
async function verify(
  options: DownloadDatasetOptions,
  fileName: string,
  digest: { md5: string; sha256: string },
): Promise<{ verifiedBy: string[]; pin?: { file: string; pins: Record<string, string> } }> {
  const { archive } = options;
  const expected: { algorithm: 'md5' | 'sha256'; value: string; source: string }[] = [];
  if (archive.md5) expected.push({ algorithm: 'md5', value: archive.md5.toLowerCase(), source: archive.checksumSource });
  if (archive.sha256) expected.push({ algorithm: 'sha256', value: archive.sha256.toLowerCase(), source: archive.checksumSource });
  if (options.sha256) expected.push({ algorithm: 'sha256', value: options.sha256.toLowerCase(), source: 'given sha256' });

  let pin: { file: string; pins: Record<string, string> } | undefined;
  if (expected.length === 0) {
    if (options.pinFile === false) {
      throw new DownloadError(`no checksum is known for ${fileName}: give its sha256 (DOWNLOAD_SHA256_<DATASET>) to download it`);
    }
    const pinFile = options.pinFile ?? join(dirname(resolve(options.destination)), '.download-checksums.json');
    const pins = await readPins(pinFile);
    const pinned = pins[fileName];
    if (pinned) expected.push({ algorithm: 'sha256', value: pinned, source: `pinned in ${pinFile}` });
    else pin = { file: pinFile, pins };
  }

  for (const check of expected) {
    const actual = digest[check.algorithm];
    if (actual !== check.value) {
      throw new DownloadError(`checksum mismatch for ${fileName}: ${check.algorithm} ${actual}, expected ${check.value} (${check.source})`);
    }
  }
  const verifiedBy = expected.map((check) => `${check.algorithm} (${check.source})`);
  if (pin) verifiedBy.push(`none known: sha256 pinned now in ${pin.file}`);
  return { verifiedBy, pin };
}

/** The folder to move into place: the archive's single top-level folder, if that is all it holds. */
async function contentRoot(unpacked: string): Promise<string> {
  const entries = await readdir(unpacked, { withFileTypes: true });
  const only = entries[0];
  return entries.length === 1 && only?.isDirectory() ? join(unpacked, only.name) : unpacked;
}

/**
 * Downloads a data set archive to a temporary file beside `destination` (with progress), verifies its checksums
 * (the published MD5 and/or a pinned sha256; an archive with none known is pinned on first download), unpacks it
 * (zip or tar.gz) and moves the result into place with one rename. On any failure nothing is left behind: no
 * temporary file, no partial destination.
 *
 * ```ts
 * const archive = DATASET_ARCHIVES['movielens-100k'];
 * await downloadDataset({ archive, destination: 'data/movielens-100k', url: resolveDatasetUrl(archive) });
 * // data/movielens-100k/u.data, u.item, ...
 * ```
 */
export async function downloadDataset(options: DownloadDatasetOptions): Promise<DownloadResult> {
  const destination = resolve(options.destination);
  const url = options.url ?? options.archive.url;
  const fileName = archiveFileName(options.archive);
  if (existsSync(destination)) {
    const info = await stat(destination);
    if (!info.isDirectory()) throw new DownloadError(`${options.destination} exists and is not a directory`);
    if ((await readdir(destination)).length > 0 && !options.force) {
      throw new DownloadError(`${options.destination} already exists and is not empty (pass --force to replace it)`);
    }
  }
  await mkdir(dirname(destination), { recursive: true });
  const work = await mkdtemp(join(dirname(destination), `.${basename(destination)}.download-`));
  try {
    const archiveFile = join(work, fileName);
    options.logger?.info({ dataset: options.archive.name, url }, 'downloading');
    const digest = await fetchToFile(url, archiveFile, options);
    const { verifiedBy, pin } = await verify(options, fileName, digest);
    options.logger?.info({ dataset: options.archive.name, bytes: digest.bytes, md5: digest.md5, sha256: digest.sha256, verifiedBy }, 'verified');

    const unpacked = join(work, 'unpacked');
    await mkdir(unpacked);
    let files: number;
    try {
      files = options.archive.format === 'zip' ? await extractZip(archiveFile, unpacked) : await extractTarGz(archiveFile, unpacked);
    } catch (error) {
      if (error instanceof DownloadError) throw error;
      throw new DownloadError(`cannot unpack ${fileName}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const root = await contentRoot(unpacked);

    const previous = join(work, 'previous');
    let replaced = false;
    if (existsSync(destination)) {
      if ((await readdir(destination)).length === 0) await rmdir(destination);
      else {
        await rename(destination, previous);
        replaced = true;
      }
    }
    try {
      await rename(root, destination);
    } catch (error) {
      if (replaced) await rename(previous, destination);
      throw new DownloadError(`cannot move the data set into ${options.destination}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (pin) {
      await writeFile(pin.file, `${JSON.stringify({ ...pin.pins, [fileName]: digest.sha256 }, null, 2)}\n`);
      options.logger?.warn(
        { dataset: options.archive.name, sha256: digest.sha256, pinFile: pin.file },
        `no published checksum for ${fileName}: accepted on first download, sha256 pinned (copy it into DATASET_ARCHIVES to make it permanent)`,
      );
    }
    return { url, destination, bytes: digest.bytes, md5: digest.md5, sha256: digest.sha256, verifiedBy, files };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
