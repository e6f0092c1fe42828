import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findDataFile } from './find-data-file.ts';
import { ImportSourceError } from './import-source-error.ts';

/**
 * The files of one MovieLens release, by layout:
 * - `ml-100k`: `u.data` (tab-separated) and `u.item` (`|`-separated, latin-1), `u.genre` when present;
 * - `ml-1m` (also ml-10m): `ratings.dat` and `movies.dat`, `::`-separated, latin-1;
 * - `ml-latest` (also ml-20m/25m/32m): `ratings.csv` and `movies.csv` with headers, UTF-8.
 */
export type MovieLensLayout =
  | { kind: 'ml-100k'; directory: string; ratingsFile: string; itemsFile: string; genresFile: string | undefined }
  | { kind: 'ml-1m'; directory: string; ratingsFile: string; itemsFile: string }
  | { kind: 'ml-latest'; directory: string; ratingsFile: string; itemsFile: string };

function layoutIn(directory: string): MovieLensLayout | undefined {
  const uData = findDataFile(directory, 'u.data');
  const uItem = findDataFile(directory, 'u.item');
  if (uData && uItem) return { kind: 'ml-100k', directory, ratingsFile: uData, itemsFile: uItem, genresFile: findDataFile(directory, 'u.genre') };
  const ratingsDat = findDataFile(directory, 'ratings.dat');
  const moviesDat = findDataFile(directory, 'movies.dat');
  if (ratingsDat && moviesDat) return { kind: 'ml-1m', directory, ratingsFile: ratingsDat, itemsFile: moviesDat };
  const ratingsCsv = findDataFile(directory, 'ratings.csv');
  const moviesCsv = findDataFile(directory, 'movies.csv');
  if (ratingsCsv && moviesCsv) return { kind: 'ml-latest', directory, ratingsFile: ratingsCsv, itemsFile: moviesCsv };
  return undefined;
}

/**
 * Finds which MovieLens layout `directory` holds (each file may also be gzipped, e.g. `u.data.gz`). When the
 * directory itself holds none but exactly one of its sub-directories does (an unpacked `ml-1m.zip` leaves
 * `ml-1m/`), that one is used. Throws {@link ImportSourceError} otherwise.
 *
 * ```ts
 * detectMovieLensLayout('../shared/data/movielens-100k').kind; // 'ml-100k'
 * ```
 */
export function detectMovieLensLayout(directory: string): MovieLensLayout {
  if (!existsSync(directory) || !statSync(directory).isDirectory()) throw new ImportSourceError(`no such directory: ${directory}`);
  const here = layoutIn(directory);
  if (here) return here;
  const nested = readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => layoutIn(join(directory, entry.name)))
    .filter((layout) => layout !== undefined);
  if (nested.length === 1) return nested[0]!;
  throw new ImportSourceError(
    `unknown MovieLens layout in ${directory}: expected u.data + u.item (ml-100k), ratings.dat + movies.dat (ml-1m, ml-10m) or ratings.csv + movies.csv (ml-latest)`,
  );
}
