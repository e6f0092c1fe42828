import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDatabase, type DatabaseHandle } from '../../src/db/create-database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

/** The server the Postgres variants of the database tests use (each test file gets a database of its own on it). */
export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresReachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const unreachable = await postgresReachable();
if (unreachable && process.env.CI) throw new Error(`CI needs Postgres at ${TEST_POSTGRES_URL}: ${unreachable}`);

/** Why the Postgres variants are skipped here (undefined when they run). */
export const postgresSkipReason = unreachable ? `Postgres not reachable at ${TEST_POSTGRES_URL} (${unreachable})` : undefined;

export type TestDatabaseKind = 'embedded' | 'postgres';

/** Both database kinds, for `describe.each`; the Postgres one is marked skipped when no server is reachable. */
export const databaseKinds: { kind: TestDatabaseKind; skip: boolean }[] = [
  { kind: 'embedded', skip: false },
  { kind: 'postgres', skip: postgresSkipReason !== undefined },
];

/**
 * A new, migrated, empty database: in-memory PGlite, or a fresh database on the test Postgres server that `close()` drops.
 */
export async function openTestDatabase(kind: TestDatabaseKind): Promise<DatabaseHandle & { url?: string }> {
  if (kind === 'embedded') {
    const handle = await createDatabase({ kind: 'embedded' });
    await migrateToLatest(handle.db);
    return handle;
  }
  const name = `streamrec_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  const handle = await createDatabase({ kind: 'postgres', url: url.toString(), poolSize: 5 });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    url: url.toString(),
    async close() {
      await handle.close();
      const dropper = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await dropper.connect();
      try {
        // The pool's backends exit just after it ends; wait for them rather than terminating them mid-goodbye.
        for (let attempt = 0; ; attempt++) {
          try {
            await dropper.query(`drop database if exists ${name}${attempt >= 50 ? ' with (force)' : ''}`);
            break;
          } catch (error) {
            if (attempt >= 50 || (error as { code?: string }).code !== '55006') throw error;
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
      } finally {
        await dropper.end();
      }
    },
  };
}
