/**
 * Recommendation serving under load, with the ceiling measured in the same run: MovieLens 100K and Last.fm 2K imported
 * into a fresh Postgres database, one model per domain trained (NCF for films, the item-history model for music), the
 * API in its own process, and a bare express route returning constant JSON in another; autocannon drives each in turn
 * from this process.
 *
 * Each route first gets `--warmup` seconds of the same load, not counted: the measured run is the steady state, in which
 * the API process has every rotated user's history cached and ranking computed (the first request of each user pays
 * for the ranking; that cold cost is in the warm-up row).
 *
 *   npx tsx scripts/bench/serve.ts [--data ../shared/data] [--connections 32] [--duration 20] [--warmup 5]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Table from 'cli-table3';
import { prepareTrainedDatabase } from './prepare-trained-database.ts';
import { startServiceProcess } from './service-process.ts';

const { values } = parseArgs({ options: { data: { type: 'string', default: '../shared/data' }, connections: { type: 'string', default: '32' }, duration: { type: 'string', default: '20' }, warmup: { type: 'string', default: '5' } } });
const connections = Number(values.connections);
const duration = Number(values.duration);
const warmup = Number(values.warmup);
const keys = { API_KEY: `bench-${randomBytes(12).toString('hex')}`, ADMIN_API_KEY: `bench-admin-${randomBytes(12).toString('hex')}` };
const log = (line: string) => process.stderr.write(`${line}\n`);

const prepared = await prepareTrainedDatabase(values.data!, log);
const api = await startServiceProcess('src/main.ts', ['--role', 'api'], {
  ...keys, DATABASE_URL: prepared.url, REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', QUEUE_PREFIX: `bench-${randomBytes(4).toString('hex')}`, PORT: '0', LOG_LEVEL: 'info',
});
const bare = await startServiceProcess('scripts/bench/bare-server.ts', [], { PORT: '0' });

async function waitForModels(): Promise<void> {
  for (;;) {
    const ready = (await (await fetch(`http://127.0.0.1:${api.port}/readyz`)).json()) as { models: Record<string, { model_id: number | null }>; model_errors?: string[] };
    if (ready.model_errors?.length) throw new Error(`the API could not load a model: ${ready.model_errors.join('; ')}`);
    if (Object.values(ready.models).every((model) => model.model_id !== null)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
await waitForModels();

let next = 0;
const paths = [
  ...prepared.filmUsers.map((id) => `/v1/users/${encodeURIComponent(id)}/recommendations?domain=film&limit=10`),
  ...prepared.musicUsers.map((id) => `/v1/users/${encodeURIComponent(id)}/recommendations?domain=music&limit=10`),
];
for (let k = paths.length - 1; k > 0; k--) {
  const j = Math.floor(Math.random() * (k + 1));
  [paths[k], paths[j]] = [paths[j]!, paths[k]!];
}

async function load(name: string, url: string, rotate: boolean, seconds = duration) {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    headers: { authorization: `Bearer ${keys.API_KEY}` },
    ...(rotate ? { requests: [{ method: 'GET' as const, setupRequest: (request: autocannon.Request) => ({ ...request, path: paths[next++ % paths.length]! }) }] } : {}),
  });
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors, total: result.requests.total };
}

const bareUrl = `http://127.0.0.1:${bare.port}/bare`;
const apiUrl = `http://127.0.0.1:${api.port}`;
const rows = [];
if (warmup > 0) {
  rows.push(await load(`warm-up: bare route (${warmup} s, not counted)`, bareUrl, false, warmup));
  rows.push(await load(`warm-up: recommendations (${warmup} s, not counted)`, apiUrl, true, warmup));
}
const ceiling = await load('bare express route (constant JSON)', bareUrl, false);
const recs = await load('GET /v1/users/:id/recommendations (film + music)', apiUrl, true);
rows.push(ceiling, recs);

const table = new Table({ head: ['route', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'non-2xx', 'errors'] });
for (const row of rows) table.push([row.name, Math.round(row.rps).toLocaleString('en'), row.p50, row.p99, row.total.toLocaleString('en'), row.non2xx, row.errors]);
console.log(`autocannon, ${connections} connections, ${duration} s each after ${warmup} s warm-ups, one process each, load generator on the same 2 cores; ${prepared.filmUsers.length + prepared.musicUsers.length} users rotated`);
console.log(table.toString());
console.log(`recommendations / bare: ${(recs.rps / ceiling.rps * 100).toFixed(0)}% of the req/s (goal >= 50%), p99 ${(recs.p99 / ceiling.p99).toFixed(2)}x (goal <= 2.5x)`);

await Promise.all([api.stop(), bare.stop()]);
await prepared.drop();
