import { existsSync, statSync } from 'node:fs';
import type { EventInput, ItemInput } from '../catalog/catalog-schemas.ts';
import { findDataFile } from './find-data-file.ts';
import { ImportFormatError } from './import-format-error.ts';
import { ImportSourceError } from './import-source-error.ts';
import type { ImportSource } from './import-source.ts';
import { capTitle, parseIntegerField } from './parse-fields.ts';
import { readLines } from './read-lines.ts';
import { ReadProgress } from './read-progress.ts';

/**
 * HetRec 2011 has no listening timestamps: every listen is stored at this instant, so that a second import
 * derives the same events (the recommender sees a constant timestamp and ignores recency for this data).
 */
export const LASTFM_LISTENED_AT = '2011-01-01T00:00:00.000Z';

/** How many of an artist's most used tags are kept in its `attributes.tags`. */
export const LASTFM_TOP_TAGS = 5;

/** The item id of a Last.fm artist. */
export const lastfmItemId = (artistId: number | string): string => `lastfm:${artistId}`;
/** The user id of a Last.fm user. */
export const lastfmUserId = (userId: number | string): string => `lastfm:${userId}`;

interface LastfmFiles {
  artists: string;
  userArtists: string;
  taggedArtists: string | undefined;
  tags: string | undefined;
}

/** Reads a header line, then yields the tab-separated fields of each data line with its number. */
async function* tabRows(
  file: string,
  encoding: 'utf8' | 'latin1',
  progress: ReadProgress,
  minFields: number,
): AsyncGenerator<{ fields: string[]; line: number }> {
  let header = true;
  for await (const line of readLines(file, { encoding, progress })) {
    if (header) {
      header = false;
      if (!/^\D/.test(line.text)) throw new ImportFormatError(file, line.number, 'expected a header line');
      continue;
    }
    const fields = line.text.split('\t');
    if (fields.length < minFields) throw new ImportFormatError(file, line.number, `expected ${minFields} tab-separated fields, got ${fields.length}`);
    yield { fields, line: line.number };
  }
}

/** Each artist's most used tag names, by number of users who applied them (ties: lower tag id first). */
async function readTopTags(files: LastfmFiles, progress: ReadProgress): Promise<Map<number, string[]>> {
  const top = new Map<number, string[]>();
  if (!files.taggedArtists || !files.tags) return top;
  const tagNames = new Map<number, string>();
  for await (const { fields, line } of tabRows(files.tags, 'latin1', progress, 2)) {
    tagNames.set(parseIntegerField(fields[0], files.tags, line, 'tag id'), fields[1]!.trim());
    progress.rowsRead += 1;
  }
  const counts = new Map<number, Map<number, number>>();
  for await (const { fields, line } of tabRows(files.taggedArtists, 'utf8', progress, 3)) {
    const artistId = parseIntegerField(fields[1], files.taggedArtists, line, 'artist id');
    const tagId = parseIntegerField(fields[2], files.taggedArtists, line, 'tag id');
    let perTag = counts.get(artistId);
    if (!perTag) counts.set(artistId, (perTag = new Map()));
    perTag.set(tagId, (perTag.get(tagId) ?? 0) + 1);
    progress.rowsRead += 1;
  }
  for (const [artistId, perTag] of counts) {
    const ranked = [...perTag]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .map(([tagId]) => tagNames.get(tagId))
      .filter((name): name is string => name !== undefined && name.length > 0);
    top.set(artistId, [...new Set(ranked)].slice(0, LASTFM_TOP_TAGS));
  }
  return top;
}

async function* artistItems(files: LastfmFiles, progress: ReadProgress): AsyncGenerator<ItemInput> {
  const topTags = await readTopTags(files, progress);
  for await (const { fields, line } of tabRows(files.artists, 'utf8', progress, 2)) {
    const artistId = parseIntegerField(fields[0], files.artists, line, 'artist id');
    const name = fields[1]!.trim();
    const url = fields[2]?.trim();
    progress.rowsRead += 1;
    yield {
      id: lastfmItemId(artistId),
      domain: 'music',
      title: capTitle(name.length > 0 ? name : `Artist ${artistId}`),
      attributes: {
        artist: name,
        ...(url ? { url } : {}),
        tags: topTags.get(artistId) ?? [],
        source: 'lastfm',
      },
    };
  }
}

async function* listenEvents(files: LastfmFiles, progress: ReadProgress): AsyncGenerator<EventInput> {
  for await (const { fields, line } of tabRows(files.userArtists, 'utf8', progress, 3)) {
    const userId = parseIntegerField(fields[0], files.userArtists, line, 'user id');
    const artistId = parseIntegerField(fields[1], files.userArtists, line, 'artist id');
    const weight = parseIntegerField(fields[2], files.userArtists, line, 'weight');
    progress.rowsRead += 1;
    yield {
      key: `lastfm:${userId}:${artistId}`,
      user_id: lastfmUserId(userId),
      item_id: lastfmItemId(artistId),
      kind: 'listen',
      value: weight,
      occurred_at: LASTFM_LISTENED_AT,
    };
  }
}

/**
 * Opens the HetRec 2011 Last.fm 2K release (`artists.dat`, `user_artists.dat`, each optionally gzipped; tags from
 * `user_taggedartists.dat` + `tags.dat` (latin-1) when both are present). Artists become `music` items
 * `lastfm:<artistId>` titled by name with `{ artist, url, tags, source: 'lastfm' }`; play counts become `listen`
 * events of user `lastfm:<userId>` with `value` = count, keyed `lastfm:<user>:<artist>`, all at
 * {@link LASTFM_LISTENED_AT} (the data has no timestamps).
 *
 * ```ts
 * const source = await openLastfmSource('../shared/data/lastfm-hetrec-2k');
 * const summary = await runImport(db, source);
 * ```
 */
export async function openLastfmSource(directory: string): Promise<ImportSource> {
  if (!existsSync(directory) || !statSync(directory).isDirectory()) throw new ImportSourceError(`no such directory: ${directory}`);
  const artists = findDataFile(directory, 'artists.dat');
  const userArtists = findDataFile(directory, 'user_artists.dat');
  if (!artists || !userArtists) {
    throw new ImportSourceError(`unknown Last.fm layout in ${directory}: expected artists.dat and user_artists.dat (HetRec 2011, optionally .gz)`);
  }
  const taggedArtists = findDataFile(directory, 'user_taggedartists.dat');
  const tags = findDataFile(directory, 'tags.dat');
  const files: LastfmFiles = { artists, userArtists, taggedArtists: tags ? taggedArtists : undefined, tags: taggedArtists ? tags : undefined };
  const ordered = [files.tags, files.taggedArtists, files.artists, files.userArtists].filter((file) => file !== undefined);
  const progress = new ReadProgress(ordered.reduce((sum, file) => sum + statSync(file).size, 0));
  return {
    name: 'lastfm hetrec-2011',
    directory,
    files: ordered,
    progress,
    items: () => artistItems(files, progress),
    events: () => listenEvents(files, progress),
  };
}
