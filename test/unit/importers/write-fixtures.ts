import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { onTestFinished } from 'vitest';

/** A fresh temporary directory for one test's files, removed when the test finishes. */
export function makeTempDir(prefix = 'streamrec-import-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes `text` encoded as `encoding` to `dir/name`, gzipped when `name` ends in `.gz`. */
export function writeText(dir: string, name: string, text: string, encoding: 'utf8' | 'latin1' = 'utf8'): string {
  mkdirSync(dir, { recursive: true });
  const bytes = Buffer.from(text, encoding);
  const path = join(dir, name);
  writeFileSync(path, name.endsWith('.gz') ? gzipSync(bytes) : bytes);
  return path;
}

const GENRES = ['unknown', 'Action', 'Adventure', 'Animation', "Children's", 'Comedy', 'Crime', 'Documentary', 'Drama', 'Fantasy',
  'Film-Noir', 'Horror', 'Musical', 'Mystery', 'Romance', 'Sci-Fi', 'Thriller', 'War', 'Western'];

function flags(...set: string[]): string {
  return GENRES.map((genre) => (set.includes(genre) ? '1' : '0')).join('|');
}

/** An ml-100k layout: 3 films (one titled "Café Lumière", latin-1), 3 users, 5 ratings. */
export function writeMl100k(dir: string, options: { gzip?: boolean; genreFile?: boolean } = {}): void {
  const gz = options.gzip ? '.gz' : '';
  writeText(dir, `u.data${gz}`, ['1\t10\t5\t881250949', '1\t20\t3\t881250950', '2\t10\t4\t891717742', '3\t30\t1\t878887116', '3\t20\t2\t880606923', ''].join('\n'), 'latin1');
  writeText(
    dir,
    `u.item${gz}`,
    [
      `10|Toy Story (1995)|01-Jan-1995||http://example.invalid/1|${flags('Animation', "Children's", 'Comedy')}`,
      `20|Café Lumière (2003)|01-Jan-2003||http://example.invalid/2|${flags('Drama')}`,
      `30|unknown||||${flags('unknown')}`,
      '',
    ].join('\n'),
    'latin1',
  );
  if (options.genreFile !== false) writeText(dir, 'u.genre', `${GENRES.map((genre, index) => `${genre}|${index}`).join('\n')}\n\n`, 'latin1');
}

/** An ml-1m layout (`::`-separated, latin-1): 2 films, 2 users, 3 ratings. */
export function writeMl1m(dir: string, options: { gzip?: boolean } = {}): void {
  const gz = options.gzip ? '.gz' : '';
  writeText(dir, `movies.dat${gz}`, '1::Toy Story (1995)::Animation|Children\'s|Comedy\n2::Être et avoir (2002)::Documentary\n', 'latin1');
  writeText(dir, `ratings.dat${gz}`, '1::1::5::978300760\n1::2::3::978302109\n6040::1::4::956703932\n', 'latin1');
}

/** An ml-latest layout (CSV with headers, UTF-8, quoted titles with commas): 3 films, 2 users, 4 ratings. */
export function writeMlLatest(dir: string, options: { gzip?: boolean } = {}): void {
  const gz = options.gzip ? '.gz' : '';
  writeText(
    dir,
    `movies.csv${gz}`,
    [
      'movieId,title,genres',
      '1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy',
      '11,"American President, The (1995)",Comedy|Drama|Romance',
      '200,"Amélie (Fabuleux destin d\'Amélie Poulain, Le) (2001)",Comedy|Romance',
      '300,"A ""quoted"" film",(no genres listed)',
      '',
    ].join('\n'),
  );
  writeText(dir, `ratings.csv${gz}`, ['userId,movieId,rating,timestamp', '1,1,4.0,964982703', '1,11,3.5,964981247', '7,200,0.5,1106635946', '7,300,5.0,1106635947', ''].join('\n'));
}

/** A HetRec Last.fm layout with CRLF line endings and headers: 3 artists, 2 users, 4 listens, tags. */
export function writeLastfm(dir: string, options: { gzip?: boolean; tags?: boolean } = {}): void {
  const gz = options.gzip ? '.gz' : '';
  const crlf = (lines: string[]): string => `${lines.join('\r\n')}\r\n`;
  writeText(
    dir,
    `artists.dat${gz}`,
    crlf(['id\tname\turl\tpictureURL', '1\tMALICE MIZER\thttp://www.last.fm/music/MALICE+MIZER\thttp://example.invalid/1.jpg', '2\tBjörk\thttp://www.last.fm/music/Bj%C3%B6rk\t', '3\tSigur Rós\thttp://www.last.fm/music/Sigur+R%C3%B3s\thttp://example.invalid/3.jpg']),
  );
  writeText(dir, 'user_artists.dat', crlf(['userID\tartistID\tweight', '2\t1\t13883', '2\t2\t11690', '5\t2\t42', '5\t3\t1']));
  if (options.tags !== false) {
    writeText(dir, 'tags.dat', crlf(['tagID\ttagValue', '1\tmetal', '2\télectronique', '3\ticelandic', '4\tpost-rock']), 'latin1');
    writeText(
      dir,
      `user_taggedartists.dat${gz}`,
      crlf(['userID\tartistID\ttagID\tday\tmonth\tyear', '2\t2\t2\t1\t4\t2009', '5\t2\t3\t1\t4\t2009', '7\t2\t3\t1\t4\t2009', '2\t3\t4\t1\t4\t2009', '2\t3\t3\t1\t4\t2009']),
    );
  }
}
