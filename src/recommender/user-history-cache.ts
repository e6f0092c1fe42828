import type { Kysely } from 'kysely';
import { LRUCache } from 'lru-cache';
import { DOMAINS, type Database, type Domain } from '../db/database.ts';
import { loadUserHistory } from './load-user-history.ts';
import type { UserHistory } from './user-history.ts';

/** Where serving reads a user's history from. */
export interface UserHistorySource {
  get(domain: Domain, userId: string): Promise<UserHistory>;
}

export interface UserHistoryCacheOptions {
  /** Users × domains kept (least recently used dropped first). */
  readonly maxEntries?: number;
  /** Upper bound on staleness should an invalidation message be lost (another process's ingest). */
  readonly ttlMs?: number;
  readonly load?: (domain: Domain, userId: string) => Promise<UserHistory>;
}

/**
 * Users' histories as serving needs them, read from Postgres once and kept until an ingest or
 * erasure touches the user ({@link invalidate}, called in this process and, through Redis, in
 * every other API process) or `ttlMs` passes. Concurrent misses for one user share one query.
 * The returned object stays the same until invalidated, so models can key per-user work on it.
 *
 * ```ts
 * const histories = new UserHistoryCache(db, { ttlMs: 60_000 });
 * const history = await histories.get('film', 'ml:42');
 * histories.invalidate(['ml:42']); // after events of ml:42 were stored
 * ```
 */
export class UserHistoryCache implements UserHistorySource {
  readonly #entries: LRUCache<string, UserHistory>;
  readonly #inFlight = new Map<string, Promise<UserHistory>>();
  readonly #load: (domain: Domain, userId: string) => Promise<UserHistory>;
  /** Bumped by every invalidation: a load that started before one is returned but not kept. */
  #generation = 0;

  constructor(db: Kysely<Database>, options: UserHistoryCacheOptions = {}) {
    this.#entries = new LRUCache({ max: options.maxEntries ?? 50_000, ttl: options.ttlMs ?? 60_000 });
    this.#load = options.load ?? ((domain, userId) => loadUserHistory(db, domain, userId));
  }

  get(domain: Domain, userId: string): Promise<UserHistory> {
    const key = keyOf(domain, userId);
    const cached = this.#entries.get(key);
    if (cached) return Promise.resolve(cached);
    const pending = this.#inFlight.get(key);
    if (pending) return pending;
    const generation = this.#generation;
    const loading: Promise<UserHistory> = this.#load(domain, userId)
      .then((history) => {
        if (generation === this.#generation) this.#entries.set(key, history);
        return history;
      })
      .finally(() => {
        if (this.#inFlight.get(key) === loading) this.#inFlight.delete(key);
      });
    this.#inFlight.set(key, loading);
    return loading;
  }

  /** Forgets these users' histories in every domain. */
  invalidate(userIds: Iterable<string>): void {
    this.#generation++;
    for (const userId of userIds) {
      for (const domain of DOMAINS) {
        const key = keyOf(domain, userId);
        this.#entries.delete(key);
        this.#inFlight.delete(key);
      }
    }
  }

  get size(): number {
    return this.#entries.size;
  }
}

function keyOf(domain: Domain, userId: string): string {
  return `${domain}\u0000${userId}`;
}
