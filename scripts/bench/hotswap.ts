/**
 * Zero-downtime retraining: two API processes and one worker on the real Postgres and Redis, autocannon load on both
 * API processes, a film retrain triggered through scripts/retrain.ts. Reports requests served, non-2xx responses, and
 * per process the seconds from activation until it serves the new model, first with the Redis signal, then for a
 * rollback written to the database without any signal (convergence through the poll alone).
 *
 *   npx tsx scripts/bench/hotswap.ts [--data ../shared/data] [--poll-ms 5000]
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Table from 'cli-table3';
import { createDatabase } from '../../src/db/create-database.ts';
import { activateModel } from '../../src/recommender/activate-model.ts';
import { prepareTrainedDatabase } from './prepare-trained-database.ts';
import { startServiceProcess } from './service-process.ts';

const { values } = parseArgs({ options: { data: { type: 'string', default: '../shared/data' }, 'poll-ms': { type: 'string', default: '5000' } } });
const log = (line: string) => process.stderr.write(`${line}\n`);
const prepared = await prepareTrainedDatabase(values.data!, log);
const env = {
  API_KEY: `bench-${randomBytes(12).toString('hex')}`, ADMIN_API_KEY: `bench-admin-${randomBytes(12).toString('hex')}`,
  DATABASE_URL: prepared.url, REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', QUEUE_PREFIX: `bench-${randomBytes(4).toString('hex')}`,
  MODEL_POLL_INTERVAL_MS: values['poll-ms']!, LOG_LEVEL: 'info', RETRAIN_CRON: '0 3 1 1 *', PORT: '0',
};
const apis = [await startServiceProcess('src/main.ts', ['--role', 'api'], env), await startServiceProcess('src/main.ts', ['--role', 'api'], env)];
const worker = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--role', 'worker'], { env: { ...process.env, ...env, LOG_LEVEL: 'warn' }, stdio: 'inherit' });
const database = await createDatabase({ kind: 'postgres', url: prepared.url });

const filmModel = async (port: number) => ((await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()) as { models: Record<string, { model_id: number | null }> }).models['recommender:film']!.model_id;

/** Polls each API's /readyz every 25 ms and resolves with the time each one first reports `modelId`. */
async function switchTimes(modelId: number, timeoutMs: number): Promise<number[]> {
  return Promise.all(apis.map(async (api) => {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      if ((await filmModel(api.port)) === modelId) return Date.now();
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return Number.NaN;
  }));
}

const paths = prepared.filmUsers.map((id) => `/v1/users/${encodeURIComponent(id)}/recommendations?domain=film&limit=10`);
let next = 0;
const loads = apis.map((api) => {
  let done!: (result: autocannon.Result) => void;
  const result = new Promise<autocannon.Result>((resolve) => { done = resolve; });
  const instance = autocannon({
    url: `http://127.0.0.1:${api.port}`, connections: 16, duration: 3600, headers: { authorization: `Bearer ${env.API_KEY}` },
    requests: [{ method: 'GET' as const, setupRequest: (request: autocannon.Request) => ({ ...request, path: paths[next++ % paths.length]! }) }],
  }, (_error, finished) => done(finished));
  return { stop: () => instance.stop(), result };
});

const before = await filmModel(apis[0]!.port);
log(`serving film model ${before}; retraining through scripts/retrain.ts`);
const started = Date.now();
const exitCode = await new Promise<number>((resolve) => {
  spawn(process.execPath, ['--import', 'tsx', 'scripts/retrain.ts', '--domain', 'film', '--force'], { env: { ...process.env, ...env }, stdio: 'inherit' }).once('exit', (code) => resolve(code ?? 1));
});
const active = await database.db.selectFrom('models').select(['id', 'activated_at']).where('domain', '=', 'film').where('status', '=', 'active').executeTakeFirstOrThrow();
const signalled = await switchTimes(active.id, 30_000);

const rollbackAt = Date.now();
await activateModel(database.db, before!, { force: true });
const polled = await switchTimes(before!, Number(values['poll-ms']) * 3);

for (const load of loads) load.stop();
const results = await Promise.all(loads.map((load) => load.result));

const table = new Table({ head: ['', 'API process 1', 'API process 2'] });
table.push(
  ['requests served', ...results.map((r) => r.requests.total.toLocaleString('en'))],
  ['non-2xx', ...results.map((r) => String(r.non2xx))],
  ['errors (connection)', ...results.map((r) => String(r.errors))],
  ['req/s (average)', ...results.map((r) => Math.round(r.requests.average).toLocaleString('en'))],
  ['p99 ms', ...results.map((r) => String(r.latency.p99))],
  [`activation -> serving new model ${active.id} (Redis signal), s`, ...signalled.map((t) => ((t - active.activated_at!.getTime()) / 1000).toFixed(2))],
  [`rollback to ${before} in the database only (poll ${values['poll-ms']} ms), s`, ...polled.map((t) => ((t - rollbackAt) / 1000).toFixed(2))],
);
console.log(`retrain script exit ${exitCode}, ${((Date.now() - started) / 1000).toFixed(0)} s under load; 16 connections per API process; 2 cores shared by everything`);
console.log(table.toString());

worker.kill('SIGTERM');
await Promise.all(apis.map((api) => api.stop()));
await database.close();
await prepared.drop();
process.exit(0);
