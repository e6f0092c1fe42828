/** The data sets `npm run download` knows. */
export const DATASET_NAMES = ['movielens-100k', 'movielens-1m', 'lastfm-hetrec', 'cifar-10'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/**
 * One official archive and how to check it. `md5`/`sha256` are compared when present; an archive with neither is
 * accepted on first download and its sha256 pinned in a local file (see `downloadDataset`), to be copied here.
 */
export interface DatasetArchive {
  readonly name: string;
  readonly url: string;
  readonly format: 'zip' | 'tar.gz';
  readonly md5?: string;
  readonly sha256?: string;
  /** Where the checksum comes from, shown when it does not match. */
  readonly checksumSource: string;
}

/**
 * The official archives with their published checksums. GroupLens publishes MD5s beside its zips; the CIFAR-10
 * page publishes the MD5 of each archive. GroupLens publishes none for the HetRec 2011 zips: the MD5 below is the
 * one the DataRec library (sisinflab/DataRec) checks the same URL against, not verified here (no internet).
 *
 * ```ts
 * DATASET_ARCHIVES['movielens-100k'].url; // 'https://files.grouplens.org/datasets/movielens/ml-100k.zip'
 * ```
 */
export const DATASET_ARCHIVES: Readonly<Record<DatasetName, DatasetArchive>> = {
  'movielens-100k': {
    name: 'movielens-100k',
    url: 'https://files.grouplens.org/datasets/movielens/ml-100k.zip',
    format: 'zip',
    md5: '0e33842e24a9c977be4e0107933c0723',
    checksumSource: 'GroupLens, ml-100k.zip.md5',
  },
  'movielens-1m': {
    name: 'movielens-1m',
    url: 'https://files.grouplens.org/datasets/movielens/ml-1m.zip',
    format: 'zip',
    md5: 'c4d9eecfca2ab87c1945afe126590906',
    checksumSource: 'GroupLens, ml-1m.zip.md5',
  },
  'lastfm-hetrec': {
    name: 'lastfm-hetrec',
    url: 'https://files.grouplens.org/datasets/hetrec2011/hetrec2011-lastfm-2k.zip',
    format: 'zip',
    md5: '296d61afe4e8632b173fc2dd3be20ce2',
    // sha256: pin here once a download has been checked (the downloader prints it and records it in its pin file).
    checksumSource: 'third party: the DataRec library; GroupLens publishes no checksum for this zip (override: DOWNLOAD_SHA256_LASTFM_HETREC)',
  },
  'cifar-10': {
    name: 'cifar-10',
    url: 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz',
    format: 'tar.gz',
    md5: 'c32a1d4ab5d03f1284b67883e8d87530',
    checksumSource: 'CIFAR-10 page, https://www.cs.toronto.edu/~kriz/cifar.html',
  },
};

/** `movielens-100k` → `MOVIELENS_100K`, for environment variable names. */
export const datasetEnvSuffix = (name: string): string => name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

/**
 * The URL to fetch: `DOWNLOAD_URL_<NAME>` (whole URL) if set, else `DOWNLOAD_BASE_URL` + `/` + the archive's file
 * name if set (a mirror, or a local test server), else the official URL.
 *
 * ```ts
 * resolveDatasetUrl(DATASET_ARCHIVES['cifar-10'], { DOWNLOAD_BASE_URL: 'http://127.0.0.1:8000/files' });
 * // 'http://127.0.0.1:8000/files/cifar-10-binary.tar.gz'
 * ```
 */
export function resolveDatasetUrl(archive: DatasetArchive, env: NodeJS.ProcessEnv = process.env): string {
  const specific = env[`DOWNLOAD_URL_${datasetEnvSuffix(archive.name)}`]?.trim();
  if (specific) return specific;
  const base = env.DOWNLOAD_BASE_URL?.trim();
  if (!base) return archive.url;
  return `${base.replace(/\/+$/, '')}/${archiveFileName(archive)}`;
}

/** The last path segment of the archive's official URL, e.g. `ml-100k.zip`. */
export function archiveFileName(archive: DatasetArchive): string {
  return new URL(archive.url).pathname.split('/').pop()!;
}
