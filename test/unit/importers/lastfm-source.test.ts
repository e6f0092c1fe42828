import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventInput, itemInput } from '../../../src/catalog/catalog-schemas.ts';
import { LASTFM_LISTENED_AT, openLastfmSource } from '../../../src/importers/lastfm-source.ts';
import { collect } from './collect.ts';
import { makeTempDir, writeLastfm, writeText } from './write-fixtures.ts';

describe('openLastfmSource', () => {
  it.each([{ gzip: false }, { gzip: true }])('reads HetRec files with CRLF endings, tags from latin-1 tags.dat (gzip=$gzip)', async ({ gzip }) => {
    const dir = makeTempDir();
    writeLastfm(dir, { gzip });
    const { items, events } = await collect(await openLastfmSource(dir));
    expect(items).toEqual([
      {
        id: 'lastfm:1',
        domain: 'music',
        title: 'MALICE MIZER',
        attributes: { artist: 'MALICE MIZER', url: 'http://www.last.fm/music/MALICE+MIZER', tags: [], source: 'lastfm' },
      },
      {
        id: 'lastfm:2',
        domain: 'music',
        title: 'Björk',
        attributes: { artist: 'Björk', url: 'http://www.last.fm/music/Bj%C3%B6rk', tags: ['icelandic', 'électronique'], source: 'lastfm' },
      },
      {
        id: 'lastfm:3',
        domain: 'music',
        title: 'Sigur Rós',
        attributes: { artist: 'Sigur Rós', url: 'http://www.last.fm/music/Sigur+R%C3%B3s', tags: ['icelandic', 'post-rock'], source: 'lastfm' },
      },
    ]);
    expect(events).toEqual([
      { key: 'lastfm:2:1', user_id: 'lastfm:2', item_id: 'lastfm:1', kind: 'listen', value: 13883, occurred_at: LASTFM_LISTENED_AT },
      { key: 'lastfm:2:2', user_id: 'lastfm:2', item_id: 'lastfm:2', kind: 'listen', value: 11690, occurred_at: LASTFM_LISTENED_AT },
      { key: 'lastfm:5:2', user_id: 'lastfm:5', item_id: 'lastfm:2', kind: 'listen', value: 42, occurred_at: LASTFM_LISTENED_AT },
      { key: 'lastfm:5:3', user_id: 'lastfm:5', item_id: 'lastfm:3', kind: 'listen', value: 1, occurred_at: LASTFM_LISTENED_AT },
    ]);
    for (const item of items) expect(itemInput.safeParse(item).success).toBe(true);
    for (const event of events) expect(eventInput.safeParse(event).success).toBe(true);
  });

  it('imports artists without tags when the tag files are absent', async () => {
    const dir = makeTempDir();
    writeLastfm(dir, { tags: false });
    const { items } = await collect(await openLastfmSource(dir));
    expect(items.map((item) => item.attributes?.tags)).toEqual([[], [], []]);
  });

  it('names file and line of a malformed line, and rejects a directory without the files', async () => {
    const dir = makeTempDir();
    writeLastfm(dir);
    writeText(dir, 'user_artists.dat', 'userID\tartistID\tweight\r\n2\t1\t13883\r\n2\tx\t5\r\n');
    await expect(collect(await openLastfmSource(dir))).rejects.toThrow(`${join(dir, 'user_artists.dat')}:3: artist id must be a non-negative integer, got "x"`);
    await expect(openLastfmSource(makeTempDir())).rejects.toThrow(/^unknown Last\.fm layout in .*: expected artists\.dat and user_artists\.dat/);
  });
});
