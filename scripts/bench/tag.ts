/**
 * Tagging throughput of POST /v1/artwork/tags: the real app (createApp + artwork routes, the shipped CNN on the default
 * backend) runs in a child process on a loopback port; autocannon in this process posts 256x256 JPEGs.
 *
 *   npx tsx scripts/bench/tag.ts [--duration 15] [--connections 16] [--model models/cifar10] [--images 8000] [--db postgres|embedded] [--max-wait 5] [--max-batch 32]
 *                                [--cpu-prof <dir>]
 *
 * --db postgres (default) uses a throwaway database on BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432),
 * like the other benches; --db embedded uses in-memory PGlite, which runs its queries on the server's own thread.
 *
 * Scenarios:
 *   same    one 256x256 JPEG posted over and over (the first request tags it, the rest are sha256 hits);
 *   unique  a different 256x256 JPEG per request (decode + resize + batched CNN + insert every time), cycling through
 *           --images pre-generated ones: keep it above req/s x seconds, or "images tagged" falls below the request count.
 * Without models/cifar10/model.json a randomly initialised Keras-reference CNN (same cost) is used.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Table from 'cli-table3';
import { pino } from 'pino';
import sharp from 'sharp';

const keys = { api: 'bench-api-key-0123456789', admin: 'bench-admin-key-0123456789' };
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '15' },
    connections: { type: 'string', default: '16' },
    model: { type: 'string', default: 'models/cifar10' },
    images: { type: 'string', default: '8000' },
    serve: { type: 'boolean', default: false },
    db: { type: 'string', default: 'postgres' },
    'db-url': { type: 'string' },
    'cpu-prof': { type: 'string' },
    'max-wait': { type: 'string', default: '5' },
    'max-batch': { type: 'string', default: '32' },
  },
});

interface ServerStats {
  predictCalls: number;
  images: number;
  largestBatch: number;
  artworks: number;
}

if (values.db !== 'postgres' && values.db !== 'embedded') throw new Error('--db must be postgres or embedded');
if (values.serve) await serve(resolve(values.model));
else await bench();

async function serve(modelDir: string): Promise<void> {
  const { createDatabase } = await import('../../src/db/create-database.ts');
  const { migrateToLatest } = await import('../../src/db/migrate.ts');
  const { createApp } = await import('../../src/http/create-app.ts');
  const { createMetrics } = await import('../../src/http/metrics.ts');
  const { startServer } = await import('../../src/http/start-server.ts');
  const { registerArtworkRoutes } = await import('../../src/http/artwork-router.ts');
  const { initTensorFlow } = await import('../../src/ml/init-tensorflow.ts');
  const { saveModelToDir } = await import('../../src/ml/save-model-to-dir.ts');
  const { buildCifarCnn } = await import('../../src/vision/cifar-cnn.ts');
  const { loadCnnTagger } = await import('../../src/vision/load-cnn-tagger.ts');
  const { registerShippedCnn } = await import('../../src/vision/register-shipped-cnn.ts');

  const logger = pino({ level: 'warn' });
  const { backend } = await initTensorFlow({ logger });
  let dir = modelDir;
  let temporary: string | undefined;
  if (!existsSync(join(modelDir, 'model.json'))) {
    temporary = await mkdtemp(join(tmpdir(), 'tag-bench-'));
    dir = temporary;
    const model = buildCifarCnn({ seed: 1 });
    await saveModelToDir(model, dir, { float16: true });
    model.dispose();
  }
  const url = values['db-url'];
  const database = await createDatabase(url ? { kind: 'postgres', url, poolSize: 16 } : { kind: 'embedded' });
  await migrateToLatest(database.db);
  const modelId = await registerShippedCnn(database.db, dir);
  const tagger = await loadCnnTagger(dir, { modelId, maxWaitMs: Number(values['max-wait']), maxBatch: Number(values['max-batch']) });
  const app = createApp({
    database,
    logger,
    metrics: createMetrics(),
    keys,
    limits: { bodyBytes: 1024 * 1024, maxEventSkewSeconds: 300 },
    lifecycle: { draining: false },
    features: [(routes) => registerArtworkRoutes(routes, { db: database.db, tagger, imageLimitBytes: 10 * 1024 * 1024, logger })],
  });
  const server = await startServer(app, 0, '127.0.0.1');
  process.on('message', async (message: string) => {
    if (message === 'stats') {
      const row = await database.db.selectFrom('artworks').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      process.send?.({ stats: { ...tagger.stats, artworks: Number(row.n) } satisfies ServerStats });
    } else if (message === 'stop') {
      await server.drain(2000);
      await tagger.dispose();
      await database.close();
      if (temporary) await rm(temporary, { recursive: true, force: true });
      process.exit(0);
    }
  });
  process.send?.({ port: server.port, backend, model: temporary ? 'random keras-reference weights' : dir });
}

function ask<T>(child: ChildProcess, message: string, key: string): Promise<T> {
  return new Promise((resolveAnswer) => {
    const onMessage = (answer: Record<string, unknown>): void => {
      if (key in answer) {
        child.off('message', onMessage);
        resolveAnswer(answer[key] as T);
      }
    };
    child.on('message', onMessage);
    child.send(message);
  });
}

/** A smooth 256x256 picture (gradients, a disc, a barcode of `i`): every i < 65,536 gives a different picture. */
async function pictureJpeg(i: number): Promise<Buffer> {
  const size = 256;
  const raw = Buffer.alloc(size * size * 3);
  const cx = 64 + ((i * 37) % 128);
  const cy = 64 + ((i * 91) % 128);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const o = (y * size + x) * 3;
      const inside = (x - cx) ** 2 + (y - cy) ** 2 < 40 * 40;
      raw[o] = inside ? (i * 53) & 255 : x;
      raw[o + 1] = inside ? (i * 29) & 255 : y;
      raw[o + 2] = inside ? (i * 17) & 255 : (x + y + i) & 255;
      // A 16-bit "barcode" of i in the top rows keeps the pictures distinct past 256.
      if (y < 8 && x < 128) raw.fill(((i >> (x >> 3)) & 1) * 255, o, o + 3);
    }
  }
  return sharp(raw, { raw: { width: size, height: size, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();
}

async function bench(): Promise<void> {
  const duration = Number(values.duration);
  const connections = Number(values.connections);
  const imageCount = Number(values.images);
  const { createBenchDatabase } = await import('./bench-postgres.ts');
  const benchDb = values.db === 'postgres' ? await createBenchDatabase() : undefined;
  const child = fork(fileURLToPath(import.meta.url), ['--serve', '--model', values.model!, '--max-wait', values['max-wait']!, '--max-batch', values['max-batch']!, ...(benchDb ? ['--db-url', benchDb.url] : [])], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    ...(values['cpu-prof'] ? { execArgv: [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] } : {}),
  });
  const info = await new Promise<{ port: number; backend: string; model: string }>((r) => child.once('message', r));
  const url = `http://127.0.0.1:${info.port}/v1/artwork/tags`;
  const headers = { 'content-type': 'image/jpeg', authorization: `Bearer ${keys.api}` };

  process.stderr.write(`generating ${imageCount} 256x256 JPEGs...\n`);
  const images: Buffer[] = [];
  for (let i = 0; i < imageCount; i++) images.push(await pictureJpeg(i));
  const meanBytes = images.reduce((n, b) => n + b.length, 0) / images.length;

  // Warm-up (JIT, kernels, connection pool): 3 s of the repeat path, not reported.
  await autocannon({ url, connections, duration: 3, method: 'POST', headers, body: images[0]! } as autocannon.Options);
  const rows: string[][] = [];
  for (const scenario of ['same', 'unique'] as const) {
    const before = await ask<ServerStats>(child, 'stats', 'stats');
    let next = 0;
    const body = scenario === 'same' ? images[0]! : undefined;
    const options = {
      url,
      connections,
      duration,
      method: 'POST',
      headers,
      ...(body
        ? { body }
        : { requests: [{ method: 'POST', setupRequest: (request: Record<string, unknown>) => ({ ...request, body: images[1 + (next++ % (images.length - 1))] }) }] }),
    } as autocannon.Options;
    const result = await autocannon(options);
    const after = await ask<ServerStats>(child, 'stats', 'stats');
    const tagged = after.images - before.images;
    const predicts = after.predictCalls - before.predictCalls;
    rows.push([
      scenario,
      String(connections),
      String(duration),
      result.requests.average.toFixed(1),
      String(result.latency.p50),
      String(result.latency.p99),
      String(result.non2xx + result.errors),
      String(tagged),
      predicts > 0 ? (tagged / predicts).toFixed(1) : '-',
      String(after.artworks - before.artworks),
    ]);
  }
  const table = new Table({
    head: ['scenario', 'connections', 'seconds', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'images tagged', 'images/predict', 'rows added'],
    ...(process.stdout.isTTY ? {} : { style: { head: [], border: [] } }),
  });
  table.push(...rows);
  process.stdout.write(
    `${table.toString()}\nmodel: ${info.model}; backend: ${info.backend}; database: ${values.db}; tagger max wait ${values['max-wait']} ms, ` +
      `max batch ${values['max-batch']}; JPEG 256x256, mean ${(meanBytes / 1024).toFixed(1)} KiB\n`,
  );
  child.send('stop');
  await new Promise((r) => child.once('exit', r));
  await benchDb?.drop();
}
