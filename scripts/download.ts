/**
 * Downloads a public data set, checks its published checksum, unpacks it into <dir>.
 *
 *   npm run download -- movielens-100k|movielens-1m|lastfm-hetrec|cifar-10 <dir> [--force]
 *
 * Environment: DOWNLOAD_BASE_URL (a mirror: <base>/<archive file name>), DOWNLOAD_URL_<DATASET> (a whole URL, e.g.
 * DOWNLOAD_URL_MOVIELENS_100K), DOWNLOAD_SHA256_<DATASET> (a sha256 to require). Any failure prints one line to
 * stderr, exits 1 and leaves nothing at <dir>.
 */
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { DATASET_ARCHIVES, DATASET_NAMES, datasetEnvSuffix, resolveDatasetUrl, type DatasetName } from '../src/importers/dataset-archives.ts';
import { downloadDataset } from '../src/importers/download-dataset.ts';
import { createProgressReporter } from '../src/importers/progress-reporter.ts';

const USAGE = `usage: npm run download -- ${DATASET_NAMES.join('|')} <dir> [--force]`;

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { force: { type: 'boolean', default: false } } });
  const [name, destination, ...rest] = positionals;
  if (name === undefined || destination === undefined || rest.length > 0) throw new Error(USAGE);
  if (!(DATASET_NAMES as readonly string[]).includes(name)) throw new Error(`unknown data set "${name}"; ${USAGE}`);
  const archive = DATASET_ARCHIVES[name as DatasetName];
  const logger = pino({ name: 'download', level: process.env.LOG_LEVEL || 'info' }, pino.destination(2));
  const result = await downloadDataset({
    archive,
    destination,
    url: resolveDatasetUrl(archive),
    sha256: process.env[`DOWNLOAD_SHA256_${datasetEnvSuffix(archive.name)}`]?.trim() || undefined,
    force: values.force,
    logger,
    progress: (label) => createProgressReporter({ label, logger }),
  });
  process.stdout.write(
    `${archive.name}: ${result.files} files in ${result.destination} (${(result.bytes / 1e6).toFixed(1)} MB from ${result.url}; ` +
      `md5 ${result.md5}, sha256 ${result.sha256}; checked: ${result.verifiedBy.join(', ')})\n`,
  );
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`download failed: ${message.split('\n')[0]}\n`);
  process.exitCode = 1;
});
