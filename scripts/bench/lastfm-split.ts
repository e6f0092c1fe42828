import { createDatabase } from '../../src/db/create-database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { openLastfmSource } from '../../src/importers/lastfm-source.ts';
import { runImport } from '../../src/importers/run-import.ts';
import { buildDataset } from '../../src/recommender/build-dataset.ts';
import type { DatasetSplit } from '../../src/recommender/dataset-split.ts';
import { splitLeaveOneOut } from '../../src/recommender/split-leave-one-out.ts';
import { createBenchDatabase } from './bench-postgres.ts';

/** Imports Last.fm 2K from `dir` into a throwaway Postgres database and returns `npm run evaluate`'s default split. */
export async function lastfmSplit(dir: string): Promise<DatasetSplit> {
  const bench = await createBenchDatabase();
  const database = await createDatabase({ kind: 'postgres', url: bench.url });
  try {
    await migrateToLatest(database.db);
    await runImport(database.db, await openLastfmSource(dir));
    return splitLeaveOneOut(await buildDataset(database.db, 'music'));
  } finally {
    await database.close();
    await bench.drop();
  }
}
