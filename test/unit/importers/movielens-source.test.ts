import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventInput, itemInput } from '../../../src/catalog/catalog-schemas.ts';
import { ImportFormatError } from '../../../src/importers/import-format-error.ts';
import { ImportSourceError } from '../../../src/importers/import-source-error.ts';
import { detectMovieLensLayout } from '../../../src/importers/movielens-layout.ts';
import { openMovieLensSource } from '../../../src/importers/movielens-source.ts';
import { collect } from './collect.ts';
import { makeTempDir, writeMl100k, writeMl1m, writeMlLatest, writeText } from './write-fixtures.ts';

describe('openMovieLensSource', () => {
  it.each([{ gzip: false }, { gzip: true }])('reads the ml-100k layout (latin-1, gzip=$gzip)', async ({ gzip }) => {
    const dir = makeTempDir();
    writeMl100k(dir, { gzip });
    const source = await openMovieLensSource(dir);
    expect(source.name).toBe('movielens ml-100k');
    const { items, events } = await collect(source);
    expect(items).toEqual([
      { id: 'ml:10', domain: 'film', title: 'Toy Story', attributes: { year: 1995, genres: ['Animation', "Children's", 'Comedy'], source: 'movielens' } },
      { id: 'ml:20', domain: 'film', title: 'Café Lumière', attributes: { year: 2003, genres: ['Drama'], source: 'movielens' } },
      { id: 'ml:30', domain: 'film', title: 'unknown', attributes: { genres: [], source: 'movielens' } },
    ]);
    expect(events).toHaveLength(5);
    expect(events[0]).toEqual({
      key: 'ml:1:10:881250949',
      user_id: 'ml:1',
      item_id: 'ml:10',
      kind: 'rating',
      value: 5,
      occurred_at: '1997-12-04T15:55:49.000Z',
    });
    expect(source.progress.rowsRead).toBe(3 + 5);
    expect(source.progress.fraction).toBe(1);
    for (const item of items) expect(itemInput.safeParse(item).success).toBe(true);
    for (const event of events) expect(eventInput.safeParse(event).success).toBe(true);
  });

  it('falls back to the built-in genre order without u.genre', async () => {
    const dir = makeTempDir();
    writeMl100k(dir, { genreFile: false });
    const { items } = await collect(await openMovieLensSource(dir));
    expect(items[0]!.attributes).toMatchObject({ genres: ['Animation', "Children's", 'Comedy'] });
  });

  it.each([{ gzip: false }, { gzip: true }])('reads the ml-1m layout (:: separated, latin-1, gzip=$gzip)', async ({ gzip }) => {
    const dir = makeTempDir();
    writeMl1m(dir, { gzip });
    const { items, events } = await collect(await openMovieLensSource(dir));
    expect(items.map((item) => [item.id, item.title, item.attributes])).toEqual([
      ['ml:1', 'Toy Story', { year: 1995, genres: ['Animation', "Children's", 'Comedy'], source: 'movielens' }],
      ['ml:2', 'Être et avoir', { year: 2002, genres: ['Documentary'], source: 'movielens' }],
    ]);
    expect(events.map((event) => [event.key, event.value])).toEqual([
      ['ml:1:1:978300760', 5],
      ['ml:1:2:978302109', 3],
      ['ml:6040:1:956703932', 4],
    ]);
  });

  it.each([{ gzip: false }, { gzip: true }])('reads the ml-latest layout (CSV, quoted titles, UTF-8, gzip=$gzip)', async ({ gzip }) => {
    const dir = makeTempDir();
    writeMlLatest(dir, { gzip });
    const source = await openMovieLensSource(dir);
    expect(source.name).toBe('movielens ml-latest');
    const { items, events } = await collect(source);
    expect(items.map((item) => [item.id, item.title, item.attributes])).toEqual([
      ['ml:1', 'Toy Story', { year: 1995, genres: ['Adventure', 'Animation', 'Children', 'Comedy', 'Fantasy'], source: 'movielens' }],
      ['ml:11', 'American President, The', { year: 1995, genres: ['Comedy', 'Drama', 'Romance'], source: 'movielens' }],
      ['ml:200', "Amélie (Fabuleux destin d'Amélie Poulain, Le)", { year: 2001, genres: ['Comedy', 'Romance'], source: 'movielens' }],
      ['ml:300', 'A "quoted" film', { genres: [], source: 'movielens' }],
    ]);
    expect(events.map((event) => [event.user_id, event.item_id, event.value])).toEqual([
      ['ml:1', 'ml:1', 4],
      ['ml:1', 'ml:11', 3.5],
      ['ml:7', 'ml:200', 0.5],
      ['ml:7', 'ml:300', 5],
    ]);
  });

  it('finds the layout in the single sub-directory an unpacked archive leaves', async () => {
    const dir = makeTempDir();
    writeMl1m(join(dir, 'ml-1m'));
    expect(detectMovieLensLayout(dir)).toMatchObject({ kind: 'ml-1m', directory: join(dir, 'ml-1m') });
  });

  it('rejects a missing directory and an unknown layout with one clear line', async () => {
    await expect(openMovieLensSource('/nonexistent/ml-100k')).rejects.toThrow(new ImportSourceError('no such directory: /nonexistent/ml-100k'));
    const dir = makeTempDir();
    writeText(dir, 'ratings.dat', '1::1::5::1\n');
    await expect(openMovieLensSource(dir)).rejects.toThrow(/^unknown MovieLens layout in .*: expected u\.data \+ u\.item/);
  });

  it('names file and line of a malformed line', async () => {
    const dir = makeTempDir();
    writeMl100k(dir);
    writeText(dir, 'u.data', '1\t10\t5\t881250949\n\n1\t20\tfive\t881250950\n');
    const source = await openMovieLensSource(dir);
    const error = await collect(source).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImportFormatError);
    expect((error as Error).message).toBe(`${join(dir, 'u.data')}:3: rating must be a number, got "five"`);

    writeText(dir, 'u.data', '1\t10\t5\n');
    await expect(collect(await openMovieLensSource(dir))).rejects.toThrow(`${join(dir, 'u.data')}:1: expected 4 tab-separated fields, got 3`);
  });

  it('rejects ml-latest files without the expected header or with an unclosed quote', async () => {
    const dir = makeTempDir();
    writeMlLatest(dir);
    writeText(dir, 'ratings.csv', '1,1,4.0,964982703\n');
    await expect(collect(await openMovieLensSource(dir))).rejects.toThrow(/ratings\.csv:1: expected the header "userId,movieId,rating,timestamp"/);
    writeText(dir, 'movies.csv', 'movieId,title,genres\n1,"Toy Story (1995),Comedy\n');
    await expect(collect(await openMovieLensSource(dir))).rejects.toThrow(/movies\.csv:2: unterminated quoted field/);
  });
});
