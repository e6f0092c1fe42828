import { statSync } from 'node:fs';
import type { EventInput, ItemInput } from '../catalog/catalog-schemas.ts';
import { ImportFormatError } from './import-format-error.ts';
import type { ImportSource } from './import-source.ts';
import { detectMovieLensLayout, type MovieLensLayout } from './movielens-layout.ts';
import { parseMovieTitle } from './parse-movie-title.ts';
import { capTitle, parseIntegerField, parseNumberField } from './parse-fields.ts';
import { readLines } from './read-lines.ts';
import { ReadProgress } from './read-progress.ts';
import { splitCsvLine } from './split-csv-line.ts';

/** ml-100k's genre columns, in `u.genre` order (used when `u.genre` is absent). */
export const ML100K_GENRES = [
  'unknown', 'Action', 'Adventure', 'Animation', "Children's", 'Comedy', 'Crime', 'Documentary', 'Drama', 'Fantasy',
  'Film-Noir', 'Horror', 'Musical', 'Mystery', 'Romance', 'Sci-Fi', 'Thriller', 'War', 'Western',
] as const;

/** Genre labels that mean "none". */
const NO_GENRE = new Set(['unknown', '(no genres listed)']);

/** The item id of a MovieLens movie. */
export const movieLensItemId = (movieId: number | string): string => `ml:${movieId}`;
/** The user id of a MovieLens user. */
export const movieLensUserId = (userId: number | string): string => `ml:${userId}`;

function filmItem(movieId: number, rawTitle: string, genres: readonly string[], fallbackYear?: number): ItemInput {
  const { title, year } = parseMovieTitle(rawTitle);
  const releaseYear = year ?? fallbackYear;
  return {
    id: movieLensItemId(movieId),
    domain: 'film',
    title: capTitle(title.length > 0 ? title : `Movie ${movieId}`),
    attributes: {
      ...(releaseYear === undefined ? {} : { year: releaseYear }),
      genres: genres.filter((genre) => genre.length > 0 && !NO_GENRE.has(genre)),
      source: 'movielens',
    },
  };
}

function ratingEvent(userId: number, movieId: number, rating: number, timestamp: number): EventInput {
  return {
    key: `ml:${userId}:${movieId}:${timestamp}`,
    user_id: movieLensUserId(userId),
    item_id: movieLensItemId(movieId),
    kind: 'rating',
    value: rating,
    occurred_at: new Date(timestamp * 1000).toISOString(),
  };
}

async function readGenreNames(layout: Extract<MovieLensLayout, { kind: 'ml-100k' }>, progress: ReadProgress): Promise<string[]> {
  if (!layout.genresFile) return [...ML100K_GENRES];
  const names: string[] = [];
  for await (const line of readLines(layout.genresFile, { encoding: 'latin1', progress })) {
    const [name, index] = line.text.split('|');
    const position = parseIntegerField(index, layout.genresFile, line.number, 'genre index');
    names[position] = name ?? '';
  }
  return names;
}

async function* ml100kItems(layout: Extract<MovieLensLayout, { kind: 'ml-100k' }>, progress: ReadProgress): AsyncGenerator<ItemInput> {
  const genres = await readGenreNames(layout, progress);
  const file = layout.itemsFile;
  for await (const line of readLines(file, { encoding: 'latin1', progress })) {
    const fields = line.text.split('|');
    if (fields.length !== 5 + genres.length) {
      throw new ImportFormatError(file, line.number, `expected ${5 + genres.length} '|'-separated fields, got ${fields.length}`);
    }
    const movieId = parseIntegerField(fields[0], file, line.number, 'movie id');
    const flags = fields.slice(5);
    const movieGenres = genres.filter((_, index) => flags[index] === '1');
    const released = /(\d{4})\s*$/.exec(fields[2] ?? '');
    progress.rowsRead += 1;
    yield filmItem(movieId, fields[1] ?? '', movieGenres, released ? Number(released[1]) : undefined);
  }
}

async function* ml1mItems(file: string, progress: ReadProgress): AsyncGenerator<ItemInput> {
  for await (const line of readLines(file, { encoding: 'latin1', progress })) {
    const fields = line.text.split('::');
    if (fields.length < 3) throw new ImportFormatError(file, line.number, `expected 3 '::'-separated fields, got ${fields.length}`);
    const movieId = parseIntegerField(fields[0], file, line.number, 'movie id');
    const genres = fields.at(-1)!.split('|');
    progress.rowsRead += 1;
    yield filmItem(movieId, fields.slice(1, -1).join('::'), genres);
  }
}

function checkHeader(file: string, line: number, text: string, expected: string): void {
  if (text.replace(/^\uFEFF/, '').trim() !== expected) {
    throw new ImportFormatError(file, line, `expected the header ${JSON.stringify(expected)}, got ${JSON.stringify(text.slice(0, 80))}`);
  }
}

async function* mlLatestItems(file: string, progress: ReadProgress): AsyncGenerator<ItemInput> {
  let header = true;
  for await (const line of readLines(file, { encoding: 'utf8', progress })) {
    if (header) {
      checkHeader(file, line.number, line.text, 'movieId,title,genres');
      header = false;
      continue;
    }
    const fields = splitCsvLine(line.text);
    if (!fields) throw new ImportFormatError(file, line.number, 'unterminated quoted field');
    if (fields.length !== 3) throw new ImportFormatError(file, line.number, `expected 3 comma-separated fields, got ${fields.length}`);
    const movieId = parseIntegerField(fields[0], file, line.number, 'movie id');
    progress.rowsRead += 1;
    yield filmItem(movieId, fields[1]!, fields[2]!.split('|'));
  }
}

async function* ratings(layout: MovieLensLayout, progress: ReadProgress): AsyncGenerator<EventInput> {
  const file = layout.ratingsFile;
  const csv = layout.kind === 'ml-latest';
  const separator = layout.kind === 'ml-100k' ? '\t' : csv ? ',' : '::';
  const describe = layout.kind === 'ml-100k' ? 'tab' : csv ? 'comma' : "'::'";
  let header = csv;
  for await (const line of readLines(file, { encoding: csv ? 'utf8' : 'latin1', progress })) {
    if (header) {
      checkHeader(file, line.number, line.text, 'userId,movieId,rating,timestamp');
      header = false;
      continue;
    }
    const fields = line.text.split(separator);
    if (fields.length !== 4) throw new ImportFormatError(file, line.number, `expected 4 ${describe}-separated fields, got ${fields.length}`);
    const userId = parseIntegerField(fields[0], file, line.number, 'user id');
    const movieId = parseIntegerField(fields[1], file, line.number, 'movie id');
    const rating = parseNumberField(fields[2], file, line.number, 'rating');
    const timestamp = parseIntegerField(fields[3], file, line.number, 'timestamp');
    progress.rowsRead += 1;
    yield ratingEvent(userId, movieId, rating, timestamp);
  }
}

/**
 * Opens a MovieLens release for import, detecting its layout (see {@link detectMovieLensLayout}).
 * Films become `film` items `ml:<movieId>` with `{ year, genres, source: 'movielens' }` and the title without its
 * `(year)`; ratings become `rating` events of user `ml:<userId>` keyed `ml:<user>:<movie>:<timestamp>`, so a
 * second import stores nothing twice.
 *
 * ```ts
 * const source = await openMovieLensSource('../shared/data/movielens-100k');
 * const summary = await runImport(db, source);
 * ```
 */
export async function openMovieLensSource(directory: string): Promise<ImportSource> {
  const layout = detectMovieLensLayout(directory);
  const files = [layout.kind === 'ml-100k' ? layout.genresFile : undefined, layout.itemsFile, layout.ratingsFile].filter(
    (file) => file !== undefined,
  );
  const progress = new ReadProgress(files.reduce((sum, file) => sum + statSync(file).size, 0));
  return {
    name: `movielens ${layout.kind}`,
    directory: layout.directory,
    files,
    progress,
    items: () =>
      layout.kind === 'ml-100k'
        ? ml100kItems(layout, progress)
        : layout.kind === 'ml-1m'
          ? ml1mItems(layout.itemsFile, progress)
          : mlLatestItems(layout.itemsFile, progress),
    events: () => ratings(layout, progress),
  };
}
