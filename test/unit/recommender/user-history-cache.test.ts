import { describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database, Domain } from '../../../src/db/database.ts';
import type { UserHistory } from '../../../src/recommender/user-history.ts';
import { UserHistoryCache } from '../../../src/recommender/user-history-cache.ts';

const db = {} as Kysely<Database>;

function countingLoader() {
  const calls: string[] = [];
  const gates: (() => void)[] = [];
  let gated = false;
  const load = async (domain: Domain, userId: string): Promise<UserHistory> => {
    calls.push(`${domain}/${userId}`);
    if (gated) await new Promise<void>((resolve) => gates.push(resolve));
    return { consumed: [`${userId}-item-${calls.length}`], positives: [], disliked: [] };
  };
  return { calls, load, gate: () => (gated = true), open: () => gates.splice(0).forEach((release) => release()) };
}

describe('UserHistoryCache', () => {
  it('loads a history once and hands out the same object until the user is invalidated', async () => {
    const loader = countingLoader();
    const cache = new UserHistoryCache(db, { load: loader.load });
    const first = await cache.get('film', 'u1');
    expect(await cache.get('film', 'u1')).toBe(first);
    expect(loader.calls).toEqual(['film/u1']);
    await cache.get('music', 'u1');
    cache.invalidate(['u1']);
    const fresh = await cache.get('film', 'u1');
    expect(fresh).not.toBe(first);
    await cache.get('music', 'u1');
    expect(loader.calls).toEqual(['film/u1', 'music/u1', 'film/u1', 'music/u1']);
  });

  it('shares one query between concurrent misses', async () => {
    const loader = countingLoader();
    const cache = new UserHistoryCache(db, { load: loader.load });
    loader.gate();
    const pending = [cache.get('film', 'u1'), cache.get('film', 'u1'), cache.get('film', 'u1')];
    loader.open();
    const [a, b, c] = await Promise.all(pending);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(loader.calls).toHaveLength(1);
  });

  it('does not keep a history whose load raced an invalidation', async () => {
    const loader = countingLoader();
    const cache = new UserHistoryCache(db, { load: loader.load });
    loader.gate();
    const stale = cache.get('film', 'u1');
    cache.invalidate(['u1']);
    loader.open();
    await stale;
    expect(cache.size).toBe(0);
  });

  it('expires entries after ttlMs, bounding staleness when an invalidation is lost', async () => {
    const loader = countingLoader();
    const cache = new UserHistoryCache(db, { load: loader.load, ttlMs: 20 });
    const first = await cache.get('film', 'u1');
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(await cache.get('film', 'u1')).not.toBe(first);
    expect(loader.calls).toHaveLength(2);
  });

  it('passes load failures to the caller and caches nothing', async () => {
    const cache = new UserHistoryCache(db, { load: async () => Promise.reject(new Error('postgres down')) });
    await expect(cache.get('film', 'u1')).rejects.toThrow('postgres down');
    expect(cache.size).toBe(0);
  });
});
