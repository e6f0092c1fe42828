import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { createDatabase } from '../../src/db/create-database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { openLastfmSource } from '../../src/importers/lastfm-source.ts';
import { openMovieLensSource } from '../../src/importers/movielens-source.ts';
import { runImport } from '../../src/importers/run-import.ts';
import { createLocalActivationBus } from '../../src/jobs/model-activation-bus.ts';
import { createRetrainHandler } from '../../src/jobs/retrain-handler.ts';
import { createRecommenderRetrainSteps } from '../../src/recommender/recommender-retrain-steps.ts';
import { createBenchDatabase } from './bench-postgres.ts';

/**
 * A fresh Postgres database with MovieLens 100K and Last.fm 2K imported from `dataDir` and one active model per
 * domain, trained with the default parameters through the retrain job. `drop()` removes it. BENCH_KEEP=1 keeps it and
 * prints its URL; BENCH_PREPARED_URL=<url> reuses such a database instead of preparing one.
 */
export async function prepareTrainedDatabase(dataDir: string, log: (line: string) => void) {
  const reuse = process.env.BENCH_PREPARED_URL;
  if (reuse) return { ...(await usersOf(reuse)), url: reuse, drop: async () => undefined };
  const movielens = join(dataDir, 'movielens-100k');
  const lastfm = join(dataDir, 'lastfm-hetrec-2k');
  if (!existsSync(movielens) || !existsSync(lastfm)) throw new Error(`need ${movielens} and ${lastfm} (see --data)`);
  const bench = await createBenchDatabase();
  const database = await createDatabase({ kind: 'postgres', url: bench.url });
  try {
    await migrateToLatest(database.db);
    for (const source of [await openMovieLensSource(movielens), await openLastfmSource(lastfm)]) {
      const summary = await runImport(database.db, source);
      log(`imported ${source.name}: ${summary.events.inserted} events in ${summary.seconds.toFixed(1)} s`);
    }
    const handler = createRetrainHandler({ db: database.db, steps: createRecommenderRetrainSteps(database.db), bus: createLocalActivationBus(), gateTolerance: 0.01, logger: pino({ level: 'warn' }) });
    for (const domain of ['film', 'music'] as const) {
      const result = await handler({ domain, force: true, requestedBy: 'script' }, { jobId: `bench-${domain}`, attempt: 1, reportProgress: async () => undefined });
      log(`trained ${domain}: model ${result.modelId}, HR@10 ${result.candidate['hr@10'].toFixed(3)}, ${result.trainSeconds.toFixed(0)} s`);
    }
  } finally {
    await database.close();
  }
  if (process.env.BENCH_KEEP) log(`kept the database: BENCH_PREPARED_URL=${bench.url}`);
  return { ...(await usersOf(bench.url)), url: bench.url, drop: process.env.BENCH_KEEP ? async () => undefined : bench.drop };
}

async function usersOf(url: string): Promise<{ filmUsers: string[]; musicUsers: string[] }> {
  const database = await createDatabase({ kind: 'postgres', url });
  const users = async (domain: 'film' | 'music') =>
    (await database.db.selectFrom('events').select('user_id').distinct().where('domain', '=', domain).orderBy('user_id').limit(300).execute()).map((row) => row.user_id);
  try {
    return { filmUsers: await users('film'), musicUsers: await users('music') };
  } finally {
    await database.close();
  }
}
