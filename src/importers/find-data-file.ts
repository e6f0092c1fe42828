import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The path of `name` or, failing that, `name.gz` in `directory`; undefined when neither is a file.
 *
 * ```ts
 * findDataFile('data/lastfm', 'artists.dat'); // 'data/lastfm/artists.dat.gz' when only the gzipped one exists
 * ```
 */
export function findDataFile(directory: string, name: string): string | undefined {
  for (const candidate of [name, `${name}.gz`]) {
    const path = join(directory, candidate);
    if (existsSync(path) && statSync(path).isFile()) return path;
  }
  return undefined;
}
