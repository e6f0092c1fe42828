/**
 * Triggers a retrain and follows it to the end.
 *
 *   npm run retrain -- --domain film|music [--force] [--no-wait]
 *
 * With API_URL (and ADMIN_API_KEY) it goes through POST /v1/admin/retrain and follows GET /v1/admin/jobs/:id (this is
 * how it reaches the embedded default, whose queue lives inside the service); otherwise it enqueues straight into
 * Redis (REDIS_URL) and follows the job live through BullMQ's QueueEvents.
 * Exit status: 0 activated, 2 rejected by the quality gate, 1 failed.
 */
import { parseArgs } from 'node:util';
import { QueueEvents } from 'bullmq';
import cliProgress from 'cli-progress';
import Table from 'cli-table3';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { loadConfig } from '../src/config.ts';
import { DOMAINS, type Domain } from '../src/db/database.ts';
import { createBullRetrainQueue } from '../src/jobs/bullmq-retrain-queue.ts';
import { RETRAIN_QUEUE, type RetrainJobResult, type RetrainJobView, type RetrainProgress } from '../src/jobs/retrain-job.ts';

const { values } = parseArgs({
  options: { domain: { type: 'string' }, force: { type: 'boolean', default: false }, 'no-wait': { type: 'boolean', default: false } },
});

function fail(message: string): never {
  process.stderr.write(`retrain: ${message}\n`);
  process.exit(1);
}

const domain = values.domain as Domain;
if (!DOMAINS.includes(domain)) fail(`--domain must be one of ${DOMAINS.join(', ')}`);
const config = loadConfig();
const apiUrl = process.env.API_URL;
const redisUrl = config.REDIS_URL;
if (!apiUrl && !redisUrl) fail('set API_URL (with ADMIN_API_KEY) to go through a running service, or REDIS_URL to enqueue directly');

const bar = new cliProgress.SingleBar(
  { format: ' {bar} {percentage}% | {phase} {detail}', hideCursor: true, noTTYOutput: true, notTTYSchedule: 2000 },
  cliProgress.Presets.shades_classic,
);

function renderProgress(progress: RetrainProgress | null): void {
  if (!progress) return;
  const parts = [
    progress.epoch !== undefined ? `epoch ${progress.epoch}/${progress.epochs}` : '',
    progress.loss !== undefined ? `loss ${progress.loss.toFixed(4)}` : '',
    progress.valHr10 !== undefined ? `val HR@10 ${progress.valHr10.toFixed(3)}` : '',
    progress.etaSeconds !== undefined ? `ETA ${Math.round(progress.etaSeconds)}s` : '',
    progress.message ?? '',
  ].filter(Boolean);
  bar.update(Math.round(progress.percent), { phase: progress.phase, detail: parts.join(' | ') });
}

function finish(result: RetrainJobResult | null, error: string | null, started: number): never {
  bar.stop();
  if (!result) fail(`job failed: ${error ?? 'unknown error'}`);
  const table = new Table({ head: ['metric', 'ItemPop', `active before${result.previousModelId ? ` (#${result.previousModelId})` : ''}`, `candidate #${result.modelId}`] });
  for (const key of Object.keys(result.candidate) as (keyof RetrainJobResult['candidate'])[]) {
    table.push([key, result.itemPop[key].toFixed(4), result.active ? result.active[key].toFixed(4) : '-', result.candidate[key].toFixed(4)]);
  }
  table.push(['decision', '', '', result.decision], ['watermark (event id)', '', '', String(result.watermark)], ['train seconds', '', '', result.trainSeconds.toFixed(1)], ['job seconds', '', '', ((Date.now() - started) / 1000).toFixed(1)]);
  console.log(table.toString());
  console.log(`${result.decision}: ${result.reason}`);
  process.exit(result.decision === 'activated' ? 0 : 2);
}

const started = Date.now();
if (apiUrl) {
  const key = config.ADMIN_API_KEY ?? fail('ADMIN_API_KEY is needed with API_URL');
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const call = async (path: string, init?: RequestInit) => {
    const res = await fetch(new URL(path, apiUrl), { ...init, headers }).catch((error: Error) => fail(`cannot reach ${apiUrl}: ${error.message}`));
    const body = (await res.json()) as Record<string, unknown>;
    if (!res.ok) fail(`${res.status} ${String(body.detail ?? body.title)}`);
    return body;
  };
  const { job_id: jobId, deduplicated } = (await call('/v1/admin/retrain', { method: 'POST', body: JSON.stringify({ domain, force: values.force }) })) as { job_id: string; deduplicated: boolean };
  console.log(`job ${jobId}${deduplicated ? ' (already queued for this domain: following it)' : ''}`);
  if (values['no-wait']) process.exit(0);
  bar.start(100, 0, { phase: 'queued', detail: '' });
  for (;;) {
    const job = (await call(`/v1/admin/jobs/${encodeURIComponent(jobId)}`)) as unknown as RetrainJobView;
    renderProgress(job.progress);
    if (job.state === 'completed') finish(job.result, null, started);
    if (job.state === 'failed') finish(null, job.error, started);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
} else {
  const logger = pino({ level: 'warn' });
  const queue = createBullRetrainQueue({ url: redisUrl!, logger, prefix: config.QUEUE_PREFIX });
  const events = new QueueEvents(RETRAIN_QUEUE, { connection: new Redis(redisUrl!, { maxRetriesPerRequest: null }), prefix: config.QUEUE_PREFIX });
  await events.waitUntilReady();
  const { jobId, deduplicated } = await queue.enqueue({ domain, force: values.force, requestedBy: 'script' });
  console.log(`job ${jobId}${deduplicated ? ' (already queued for this domain: following it)' : ''}`);
  if (values['no-wait']) {
    await Promise.all([events.close(), queue.close()]);
    process.exit(0);
  }
  bar.start(100, 0, { phase: 'queued', detail: '' });
  const settle = async () => {
    const job = await queue.getJob(jobId);
    if (job?.state === 'completed') finish(job.result, null, started);
    if (job?.state === 'failed') finish(null, job.error, started);
    if (job) renderProgress(job.progress);
  };
  events.on('progress', ({ jobId: id, data }) => {
    if (id === jobId) renderProgress(data as unknown as RetrainProgress);
  });
  events.on('completed', ({ jobId: id }) => void (id === jobId && settle()));
  events.on('failed', ({ jobId: id }) => void (id === jobId && settle()));
  await settle();
}
