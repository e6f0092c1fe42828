/**
 * Events/second through POST /v1/events into a fresh database on the real Postgres, batches of 1,000 and 10,000,
 * every event with an idempotency key (so the unique-key check runs on every row).
 *
 *   npx tsx scripts/bench/ingest.ts [--events 200000] [--concurrency 2]
 */
import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import { pino } from 'pino';
import { createDatabase } from '../../src/db/create-database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createApp } from '../../src/http/create-app.ts';
import { createMetrics } from '../../src/http/metrics.ts';
import { startServer } from '../../src/http/start-server.ts';
import { createBenchDatabase } from './bench-postgres.ts';

const { values } = parseArgs({ options: { events: { type: 'string', default: '200000' }, concurrency: { type: 'string', default: '2' } } });
const totalEvents = Number(values.events);
const concurrency = Number(values.concurrency);
const keys = { api: 'bench-api-key-0123456789', admin: 'bench-admin-key-0123456789' };

const bench = await createBenchDatabase();
const database = await createDatabase({ kind: 'postgres', url: bench.url });
await migrateToLatest(database.db);
const app = createApp({
  database, logger: pino({ level: 'warn' }), metrics: createMetrics(), keys,
  limits: { bodyBytes: 20 * 1024 * 1024, maxEventSkewSeconds: 300 }, lifecycle: { draining: false },
});
const server = await startServer(app, 0, '127.0.0.1');
const base = `http://127.0.0.1:${server.port}`;
const headers = { 'content-type': 'application/json', authorization: `Bearer ${keys.api}` };

const ITEMS = 5000;
const items = Array.from({ length: ITEMS }, (_, i) => ({ id: `item-${i}`, domain: i % 2 ? 'film' : 'music', title: `Item ${i}` }));
await fetch(`${base}/v1/items`, { method: 'POST', headers, body: JSON.stringify({ items }) });

let sequence = 0;
function batchBody(size: number): string {
  const start = Date.now() - 86_400_000;
  const events = Array.from({ length: size }, () => {
    const n = sequence++;
    return { key: `ev-${n}`, user_id: `user-${n % 20_000}`, item_id: `item-${(n * 7919) % ITEMS}`, kind: 'view', value: 0.8, occurred_at: new Date(start + n).toISOString() };
  });
  return JSON.stringify({ events });
}

async function run(batchSize: number, label: string, replay: string[] | undefined) {
  const batches = replay ?? Array.from({ length: Math.ceil(totalEvents / batchSize) }, () => batchBody(batchSize));
  let next = 0;
  let inserted = 0;
  let duplicates = 0;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < batches.length) {
      const body = batches[next++]!;
      const t0 = performance.now();
      const res = await fetch(`${base}/v1/events`, { method: 'POST', headers, body });
      const reply = (await res.json()) as { inserted: number; duplicates: number };
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${JSON.stringify(reply)}`);
      latencies.push(performance.now() - t0);
      inserted += reply.inserted;
      duplicates += reply.duplicates;
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { label, batchSize, events: inserted + duplicates, inserted, duplicates, seconds, perSecond: (inserted + duplicates) / seconds, p50: latencies[Math.floor(latencies.length / 2)]!, batches };
}

const rows = [];
for (const size of [1000, 10_000]) {
  const fresh = await run(size, 'new events', undefined);
  rows.push(fresh);
  rows.push(await run(size, 'same batches again (all duplicates)', fresh.batches));
}
const table = new Table({ head: ['batch', 'run', 'events', 'inserted', 'duplicates', 'seconds', 'events/s', 'p50 batch ms'] });
for (const row of rows) {
  table.push([row.batchSize, row.label, row.events, row.inserted, row.duplicates, row.seconds.toFixed(2), Math.round(row.perSecond).toLocaleString('en'), row.p50.toFixed(0)]);
}
console.log(`POST /v1/events into Postgres, ${concurrency} concurrent clients, node ${process.version}`);
console.log(table.toString());
await server.drain(1000);
await database.close();
await bench.drop();
