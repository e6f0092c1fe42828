import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.ts';

const INT8_OID = 20;

/** Where a {@link DatabaseHandle} keeps its data. */
export type DatabaseTarget =
  /** `onError` hears about idle pool connections that die (a Postgres restart); without it they would crash the process. */
  | { kind: 'postgres'; url: string; poolSize?: number; onError?: (error: Error) => void }
  /** `dataDir` undefined or `memory://` keeps everything in memory (tests). */
  | { kind: 'embedded'; dataDir?: string };

/** An open database: the kysely instance plus what logs and health checks need to say about it. */
export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly kind: 'postgres' | 'embedded';
  /** Human-readable location, with any password removed. */
  readonly description: string;
  close(): Promise<void>;
}

/**
 * Opens PostgreSQL through a pg pool, or the embedded PGlite database, behind the same kysely API.
 * int8 columns (event ids, counts) come back as JavaScript numbers in both.
 *
 * ```ts
 * const handle = await createDatabase({ kind: 'embedded', dataDir: './data/pglite' });
 * await handle.db.selectFrom('items').selectAll().execute();
 * await handle.close();
 * ```
 */
export async function createDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.poolSize ?? 10,
      types: { getTypeParser: (oid: number, format?: any) => (oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) },
    });
    pool.on('error', target.onError ?? (() => undefined));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', description: redactUrl(target.url), close: () => db.destroy() };
  }
  const inMemory = target.dataDir === undefined || target.dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(target.dataDir!, { recursive: true });
  const pglite = await PGlite.create(inMemory ? undefined : target.dataDir, { parsers: { [INT8_OID]: Number } });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    kind: 'embedded',
    description: inMemory ? 'embedded PGlite (in memory)' : `embedded PGlite at ${target.dataDir}`,
    close: () => db.destroy(),
  };
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres (unparseable URL)';
  }
}
