/**
 * Imports a public data set into the configured database (DATABASE_URL, else the embedded PGlite database).
 *
 *   npm run import -- movielens <dir>    ml-100k, ml-1m/ml-10m or ml-latest layout, detected from the files
 *   npm run import -- lastfm <dir>       HetRec 2011 Last.fm 2K
 *
 * Options: --batch-size N (rows per round trip, ≤ 10,000). Progress goes to stderr, the summary table to stdout.
 * Any failure prints one line to stderr and exits 1.
 */
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { loadConfig } from '../src/config.ts';
import { createDatabase } from '../src/db/create-database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { formatImportSummary } from '../src/importers/format-import-summary.ts';
import type { ImportSource } from '../src/importers/import-source.ts';
import { openLastfmSource } from '../src/importers/lastfm-source.ts';
import { openMovieLensSource } from '../src/importers/movielens-source.ts';
import { createProgressReporter } from '../src/importers/progress-reporter.ts';
import { runImport } from '../src/importers/run-import.ts';

const USAGE = 'usage: npm run import -- movielens|lastfm <dir> [--batch-size N]';
const OPENERS: Record<string, (dir: string) => Promise<ImportSource>> = { movielens: openMovieLensSource, lastfm: openLastfmSource };

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { 'batch-size': { type: 'string' } } });
  const [kind, directory, ...rest] = positionals;
  const open = kind === undefined ? undefined : OPENERS[kind];
  if (!open || directory === undefined || rest.length > 0) throw new Error(kind && !open ? `unknown data set "${kind}"; ${USAGE}` : USAGE);
  const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 10_000)) {
    throw new Error('--batch-size must be an integer in 1..10000');
  }

  const config = loadConfig();
  const logger = pino({ name: 'import', level: config.LOG_LEVEL }, pino.destination(2));
  const source = await open(directory); // fails on a missing directory or unknown layout before touching the database
  const handle = await createDatabase(
    config.DATABASE_URL ? { kind: 'postgres', url: config.DATABASE_URL } : { kind: 'embedded', dataDir: config.EMBEDDED_DATA_DIR },
  );
  try {
    logger.info({ database: handle.description }, 'database');
    await migrateToLatest(handle.db);
    const summary = await runImport(handle.db, source, {
      batchSize,
      maxSkewSeconds: config.MAX_EVENT_SKEW_SECONDS,
      logger,
      progress: createProgressReporter({ label: source.name, logger }),
    });
    process.stdout.write(`${formatImportSummary(summary, { color: process.stdout.isTTY })}\n`);
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`import failed: ${message.split('\n')[0]}\n`);
  process.exitCode = 1;
});
