import { Redis } from 'ioredis';

/** The Redis the queue tests use; every test picks queue names of its own. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisReachable(): Promise<string | undefined> {
  const client = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2000 });
  try {
    await client.connect();
    await client.ping();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    client.disconnect();
  }
}

const unreachable = await redisReachable();
if (unreachable && process.env.CI) throw new Error(`CI needs Redis at ${TEST_REDIS_URL}: ${unreachable}`);

/** Why the Redis tests are skipped here (undefined when they run). */
export const redisSkipReason = unreachable ? `Redis not reachable at ${TEST_REDIS_URL} (${unreachable})` : undefined;
