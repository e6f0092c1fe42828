/**
 * The item-history model's fused loss op alone (BENCHMARKS.md "Where an item-history step spends its time"): one
 * 256-user Last.fm 2K step (every 7th user, half of each history kept, base logits ~ N(0, 1), pair weights at 2 ×
 * cosine), timed `--reps` (12) times forward only and forward + backward; prints the median and fastest ms after two
 * warm-up repetitions, and the loss and gradient sums (equal from run to run: a check that a change kept the maths).
 * `--threads` runs the row loops on that many threads (see `HistoryLossThreads`).
 *
 *   npx tsx scripts/bench/history-loss-op.ts --data ../shared/data/lastfm-hetrec-2k [--reps 12] [--threads 1]
 */
import { parseArgs } from 'node:util';
import { initTensorFlow } from '../../src/ml/init-tensorflow.ts';
import { historyLossOp } from '../../src/recommender/history-loss-op.ts';
import { HistoryLossThreads } from '../../src/recommender/history-loss-threads.ts';
import { itemPairsOf } from '../../src/recommender/item-pairs.ts';
import { positivesByUser } from '../../src/recommender/positives-by-user.ts';
import { createSeededRandom } from '../../src/recommender/seeded-random.ts';
import { lastfmSplit } from './lastfm-split.ts';

const { values } = parseArgs({ options: { data: { type: 'string' }, reps: { type: 'string', default: '12' }, threads: { type: 'string', default: '1' } } });
if (!values.data) throw new Error('usage: npx tsx scripts/bench/history-loss-op.ts --data <lastfm-hetrec-2k dir> [--reps N]');

const split = await lastfmSplit(values.data);
const { tf } = await initTensorFlow();
const histories = positivesByUser(split);
const pairs = itemPairsOf(split.numItems, histories);
const random = createSeededRandom(1);
const users = Int32Array.from({ length: 256 }, (_, k) => (k * 7) % split.numUsers).filter((u) => histories.itemsOf(u).length > 0);
const kept = Array.from(users, (u) => {
  const items = histories.itemsOf(u);
  const survivors = items.filter(() => random.next() >= 0.5);
  return survivors.length > 0 ? survivors : items.subarray(0, 1);
});
const input = { rows: users.length, kept, scale: Float32Array.from(kept, (k) => k.length ** -0.5), targets: Array.from(users, (u) => histories.itemsOf(u)) };
const args = [tf.randomNormal([users.length, split.numItems], 0, 1, 'float32', 3), tf.randomNormal([split.numItems], 0, 0.1, 'float32', 4)];
const lossThreads = await HistoryLossThreads.start(split.numItems, pairs, { rows: users.length, entries: histories.items.length }, Number(values.threads));
lossThreads.buffers.pairValues.set(pairs.cosine.map((c) => 2 * c));
const loss = historyLossOp(tf, lossThreads)(input);
const gradients = tf.grads((base, bias) => loss(base!, bias!));

const timed = (run: () => void): number => {
  const started = performance.now();
  run();
  return performance.now() - started;
};
const forward: number[] = [];
const both: number[] = [];
let check = '';
for (let rep = 0; rep < Number(values.reps); rep++) {
  forward.push(timed(() => tf.tidy(() => void loss(args[0]!, args[1]!).dataSync())));
  both.push(timed(() => tf.tidy(() => void gradients(args).forEach((g) => g.dataSync()))));
  check = tf.tidy(() => [loss(args[0]!, args[1]!), ...gradients(args)].map((t) => t.sum().dataSync()[0]!.toExponential(6)).concat(lossThreads.buffers.dPairs.reduce((a, b) => a + b, 0).toExponential(6)).join(' / '));
}
const summary = (ms: number[]) => {
  const sorted = ms.slice(2).sort((a, b) => a - b);
  return `${sorted[sorted.length >> 1]!.toFixed(1)} | ${sorted[0]!.toFixed(1)}`;
};
const touched = kept.reduce((sum, items) => sum + items.reduce((s, j) => s + pairs.offsets[j + 1]! - pairs.offsets[j]!, 0), 0);
process.stdout.write(`[${users.length} × ${split.numItems}] logits, ${touched.toLocaleString('en-US')} pair terms\n\n| pass | median ms | fastest ms |\n|---|---:|---:|\n`);
process.stdout.write(`| forward | ${summary(forward)} |\n| forward + backward | ${summary(both)} |\n\nloss / gradient sums: ${check}\n`);
await lossThreads.close();
