import type { Kysely } from 'kysely';
import { MAX_BATCH } from '../catalog/catalog-schemas.ts';
import { UnknownItemsError, ingestEvents } from '../catalog/event-repository.ts';
import { upsertItems } from '../catalog/item-repository.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { ImportSourceError } from './import-source-error.ts';
import type { ImportSource } from './import-source.ts';
import type { ImportSummary } from './import-summary.ts';
import { silentProgress, type ProgressReporter } from './progress-reporter.ts';

/** Options of {@link runImport}. */
export interface RunImportOptions {
  /** Rows per database round trip, at most 10,000 (default 10,000). */
  batchSize?: number;
  /** Passed to `ingestEvents`: events later than now + this are refused (default 300). */
  maxSkewSeconds?: number;
  progress?: ProgressReporter;
  logger?: Logger;
}

/**
 * Feeds `rows` to `write` in batches of `size`, parsing the next batch while the previous one is being written
 * (one batch in flight, so memory stays bounded and a real Postgres works while Node parses).
 */
async function inBatches<T>(rows: AsyncIterable<T>, size: number, write: (batch: T[]) => Promise<void>): Promise<void> {
  let batch: T[] = [];
  let inFlight: Promise<void> | undefined;
  let failure: { error: unknown } | undefined;
  const send = async (rows: T[]): Promise<void> => {
    await inFlight;
    if (failure) throw failure.error;
    inFlight = write(rows).catch((error: unknown) => {
      failure = { error };
    });
  };
  try {
    for await (const row of rows) {
      batch.push(row);
      if (batch.length >= size) {
        const full = batch;
        batch = [];
        await send(full);
      }
    }
    if (batch.length > 0) await send(batch);
  } finally {
    await inFlight; // never rejects; a parse error waits for the write in flight before it propagates
  }
  if (failure) throw failure.error;
}

/**
 * Imports a source: every item first (`upsertItems`, in batches), then every event (`ingestEvents`, atomic and
 * idempotent per batch, creating unknown users). Running it twice stores nothing twice: the second run reports
 * every event as a duplicate.
 *
 * ```ts
 * const summary = await runImport(db, await openMovieLensSource('../shared/data/movielens-100k'));
 * summary.events; // { read: 100000, inserted: 100000, duplicates: 0 } the first time
 * ```
 */
export async function runImport(db: Kysely<Database>, source: ImportSource, options: RunImportOptions = {}): Promise<ImportSummary> {
  const batchSize = Math.min(MAX_BATCH, Math.max(1, options.batchSize ?? MAX_BATCH));
  const maxSkewSeconds = options.maxSkewSeconds ?? 300;
  const progress = options.progress ?? silentProgress;
  const started = performance.now();
  const summary: ImportSummary = {
    source: source.name,
    directory: source.directory,
    rowsRead: 0,
    items: { read: 0, created: 0, existing: 0 },
    users: { seen: 0, created: 0 },
    events: { read: 0, inserted: 0, duplicates: 0 },
    seconds: 0,
    rowsPerSecond: 0,
    eventsPerSecond: 0,
  };
  const report = (): void => {
    const seconds = (performance.now() - started) / 1000;
    const rows = source.progress.rowsRead;
    const rate = seconds > 0 ? Math.round(rows / seconds) : 0;
    progress.update(source.progress.fraction, `${rows.toLocaleString('en-US')} rows, ${rate.toLocaleString('en-US')} rows/s`);
  };
  options.logger?.info({ source: source.name, files: source.files, batchSize }, 'import started');

  const users = new Set<string>();
  try {
    await inBatches(source.items(), batchSize, async (items) => {
      const result = await upsertItems(db, items);
      summary.items.read += items.length;
      summary.items.created += result.created;
      summary.items.existing += result.updated;
      report();
    });
    await inBatches(source.events(), batchSize, async (events) => {
      for (const event of events) users.add(event.user_id);
      const batchStarted = performance.now();
      const result = await ingestEvents(db, events, { maxSkewSeconds });
      options.logger?.debug({ rows: events.length, ms: Math.round(performance.now() - batchStarted) }, 'events batch written');
      summary.events.read += events.length;
      summary.events.inserted += result.inserted;
      summary.events.duplicates += result.duplicates;
      summary.users.created += result.users_created;
      report();
    });
  } catch (error) {
    if (error instanceof UnknownItemsError) {
      const shown = error.itemIds.slice(0, 5).join(', ');
      const more = error.itemIds.length > 5 ? ` and ${error.itemIds.length - 5} more` : '';
      throw new ImportSourceError(`${source.name}: events refer to items that are neither in its files nor in the catalog: ${shown}${more}`, {
        cause: error,
      });
    }
    throw error;
  } finally {
    progress.stop();
  }

  summary.users.seen = users.size;
  summary.rowsRead = source.progress.rowsRead;
  summary.seconds = (performance.now() - started) / 1000;
  summary.rowsPerSecond = summary.seconds > 0 ? summary.rowsRead / summary.seconds : 0;
  summary.eventsPerSecond = summary.seconds > 0 ? summary.events.read / summary.seconds : 0;
  options.logger?.info({ summary }, 'import finished');
  return summary;
}
