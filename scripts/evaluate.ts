/**
 * Offline evaluation of the recommender, the numbers BENCHMARKS.md reports:
 *
 *   npm run evaluate -- --source movielens:<dir>|lastfm:<dir> [--domain film|music] [--epochs N] [--json out.json]
 *
 * Opens the configured database (DATABASE_URL, else an in-memory embedded PGlite), migrates,
 * imports the data set with the project importer (idempotent), builds the domain's dataset,
 * splits it leave-one-out (latest interaction, or seeded random without timestamps), trains
 * the domain's model with the defaults (progress bar on stderr; `--model ncf|history`
 * overrides the domain's `DEFAULT_RECOMMENDER_KINDS`), and prints one table: ItemPop and the model
 * under the NCF protocol (HR@10, NDCG@10 against 99 sampled items) and full ranking
 * (HR@10, NDCG@10, Recall@20), with train seconds, examples/s and the TF.js backend.
 * Other options: --seed N (training seed), --split-seed N (the seed of the random held-out interactions on data
 * without timestamps, 42 by default; the split the retrain gate uses), --write-split out.json (the split's training
 * pairs and held-out items, for `scripts/bench/ease-baseline.py`), --quiet (no progress bar).
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import Table from 'cli-table3';
import { pino } from 'pino';
import { loadConfig } from '../src/config.ts';
import { createDatabase } from '../src/db/create-database.ts';
import type { Domain } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { ImportSource } from '../src/importers/import-source.ts';
import { openLastfmSource } from '../src/importers/lastfm-source.ts';
import { openMovieLensSource } from '../src/importers/movielens-source.ts';
import { runImport } from '../src/importers/run-import.ts';
import { initTensorFlow } from '../src/ml/init-tensorflow.ts';
import { buildDataset } from '../src/recommender/build-dataset.ts';
import { evaluateScorer } from '../src/recommender/evaluate-model.ts';
import { DEFAULT_HISTORY_MODEL_PARAMS, type HistoryModelParams } from '../src/recommender/history-model-params.ts';
import type { TrainingProgress } from '../src/recommender/training-progress.ts';
import { DEFAULT_RECOMMENDER_KINDS } from '../src/recommender/recommender-kind.ts';
import { trainHistoryModel } from '../src/recommender/train-history-model.ts';
import { DEFAULT_NCF_PARAMS, type NcfParams } from '../src/recommender/ncf-params.ts';
import type { RankingMetrics } from '../src/recommender/ranking-metrics.ts';
import type { DatasetSplit } from '../src/recommender/dataset-split.ts';
import { splitLeaveOneOut } from '../src/recommender/split-leave-one-out.ts';
import { trainNcf } from '../src/recommender/train-ncf.ts';
import { disposeTrained, withTrainedScorer } from '../src/recommender/trained-recommender.ts';

const USAGE =
  'usage: npm run evaluate -- --source movielens:<dir>|lastfm:<dir> [--domain film|music] [--model ncf|history] [--epochs N] [--split-seed N] [--json out.json]';
const SOURCES: Record<string, { open: (dir: string) => Promise<ImportSource>; domain: Domain; dataset: string }> = {
  movielens: { open: openMovieLensSource, domain: 'film', dataset: 'movielens' },
  lastfm: { open: openLastfmSource, domain: 'music', dataset: 'lastfm' },
};
const COLUMNS = ['hr@10', 'ndcg@10', 'full_hr@10', 'full_ndcg@10', 'recall@20'] as const;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      source: { type: 'string' },
      domain: { type: 'string' },
      epochs: { type: 'string' },
      seed: { type: 'string' },
      'split-seed': { type: 'string' },
      'write-split': { type: 'string' },
      json: { type: 'string' },
      params: { type: 'string' },
      model: { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
  });
  const [kind, ...rest] = (values.source ?? '').split(':');
  const directory = rest.join(':');
  const source = kind === undefined ? undefined : SOURCES[kind];
  if (!source || directory === '') throw new Error(USAGE);
  const domain = (values.domain ?? source.domain) as Domain;
  if (domain !== 'film' && domain !== 'music') throw new Error(`--domain must be film or music; ${USAGE}`);
  const modelKind = values.model ?? DEFAULT_RECOMMENDER_KINDS[domain];
  if (modelKind !== 'ncf' && modelKind !== 'history') throw new Error(`--model must be ncf or history; ${USAGE}`);
  const overrides = {
    ...(values.params ? (JSON.parse(values.params) as Record<string, unknown>) : {}),
    ...(values.epochs ? { epochs: positiveInt(values.epochs, '--epochs') } : {}),
    ...(values.seed ? { seed: positiveInt(values.seed, '--seed') } : {}),
  };
  const params: NcfParams | HistoryModelParams =
    modelKind === 'ncf' ? { ...DEFAULT_NCF_PARAMS, ...overrides } : { ...DEFAULT_HISTORY_MODEL_PARAMS, ...overrides };

  const config = loadConfig();
  const logger = pino({ name: 'evaluate', level: config.LOG_LEVEL }, pino.destination(2));
  const opened = await source.open(directory);
  const handle = await createDatabase(config.DATABASE_URL ? { kind: 'postgres', url: config.DATABASE_URL } : { kind: 'embedded' });
  try {
    logger.info({ database: handle.description }, 'database');
    await migrateToLatest(handle.db);
    const imported = await runImport(handle.db, opened, { maxSkewSeconds: config.MAX_EVENT_SKEW_SECONDS, logger });
    logger.info({ events: imported.events, seconds: imported.seconds.toFixed(1) }, 'imported');
    const { backend } = await initTensorFlow({ logger, wasmThreads: availableParallelism() });

    const dataset = await buildDataset(handle.db, domain);
    const split = splitLeaveOneOut(dataset, values['split-seed'] ? { seed: positiveInt(values['split-seed'], '--split-seed') } : {});
    logger.info(
      { users: dataset.userIds.length, items: dataset.itemIds.length, interactions: dataset.interactions.length, positives: split.positives.length, strategy: split.strategy },
      'dataset',
    );
    if (values['write-split']) writeFileSync(values['write-split'], `${JSON.stringify(splitJson(split))}\n`);

    const bar = values.quiet
      ? null
      : new cliProgress.SingleBar(
          { format: 'training |{bar}| epoch {value}/{total} loss {loss} val hr@10 {valHr} {rate} ex/s eta {etaText}', stream: process.stderr, hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
    bar?.start(params.epochs, 0, { loss: '-', valHr: '-', rate: '-', etaText: '-' });
    const onProgress = (p: TrainingProgress) =>
      bar?.update(p.epoch, {
        loss: p.loss.toFixed(4),
        valHr: Number.isNaN(p.valHr10) ? '-' : p.valHr10.toFixed(3),
        rate: Math.round(p.examplesPerSecond).toLocaleString('en-US'),
        etaText: `${Math.round(p.etaSeconds)}s`,
      });
    const trained =
      modelKind === 'ncf'
        ? await trainNcf(split, params as NcfParams, { validationUsers: 500, onProgress })
        : await trainHistoryModel(split, params as HistoryModelParams, { validationUsers: 500, onProgress });
    bar?.stop();
    try {
      const metrics = await withTrainedScorer(trained, split, (scorer) => evaluateScorer(scorer, split));
      const rows: { name: string; metrics: RankingMetrics }[] = [
        { name: 'ItemPop', metrics: metrics.itemPop },
        { name: 'model', metrics: metrics.model },
      ];
      const table = new Table({ head: ['', ...COLUMNS, 'train s', 'examples/s', 'ex/CPU-s', 'backend'] });
      for (const row of rows) {
        const isModel = row.name === 'model';
        table.push([
          row.name,
          ...COLUMNS.map((column) => row.metrics[column].toFixed(4)),
          isModel ? trained.trainSeconds.toFixed(1) : '',
          isModel ? Math.round(trained.examplesPerSecond).toLocaleString('en-US') : '',
          isModel ? Math.round(trained.examplesPerCpuSecond).toLocaleString('en-US') : '',
          isModel ? backend : '',
        ]);
      }
      process.stdout.write(
        `${source.dataset} (${domain}): ${dataset.userIds.length} users, ${dataset.itemIds.length} items, ` +
          `${metrics.model.users} evaluated, split ${split.strategy}${split.strategy === 'random' ? ` (seed ${split.seed})` : ''}, ${params.epochs} epochs\n${table.toString()}\n` +
          (modelKind === 'history' ? `examples: training positives, each scored against all ${dataset.itemIds.length.toLocaleString('en-US')} items\n` : ''),
      );
      if (values.json) {
        const report = {
          dataset: source.dataset,
          domain,
          users: dataset.userIds.length,
          items: dataset.itemIds.length,
          rows: rows.map((row) => ({ name: row.name, ...Object.fromEntries(COLUMNS.map((column) => [column, row.metrics[column]])) })),
          train_seconds: trained.trainSeconds,
          examples_per_second: trained.examplesPerSecond,
          backend,
          cpu_seconds: trained.cpuSeconds,
          examples_per_cpu_second: trained.examplesPerCpuSecond,
          evaluated_users: metrics.model.users,
          split: split.strategy,
          split_seed: split.seed,
          model_kind: modelKind,
          params,
        };
        writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
      }
    } finally {
      disposeTrained(trained);
    }
  } finally {
    await handle.close();
  }
}

/** Columns of the split's training positives, every training pair (what full ranking excludes) and the held-out items. */
function splitJson(split: DatasetSplit) {
  const historyUser: number[] = [];
  const historyItem: number[] = [];
  for (let user = 0; user < split.numUsers; user++) {
    for (const item of split.trainHistory.itemsOf(user)) {
      historyUser.push(user);
      historyItem.push(item);
    }
  }
  return {
    num_users: split.numUsers,
    num_items: split.numItems,
    strategy: split.strategy,
    seed: split.seed,
    positive_user: Array.from(split.positives.user),
    positive_item: Array.from(split.positives.item),
    history_user: historyUser,
    history_item: historyItem,
    test_item: Array.from(split.testItem),
  };
}

function positiveInt(value: string, name: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${name} must be a positive integer`);
  return parsed;
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`evaluate failed: ${message.split('\n')[0]}\n`);
  process.exitCode = 1;
});
