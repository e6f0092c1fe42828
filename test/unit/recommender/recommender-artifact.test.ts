import { describe, expect, it } from 'vitest';
import { decodeRecommenderArtifact } from '../../../src/recommender/decode-recommender-artifact.ts';
import { encodeRecommenderArtifact } from '../../../src/recommender/encode-recommender-artifact.ts';
import { DEFAULT_NCF_PARAMS } from '../../../src/recommender/ncf-params.ts';
import type { RecommenderMeta } from '../../../src/recommender/recommender-meta.ts';
import { DEFAULT_SIGNAL_RULES } from '../../../src/recommender/signal-rules.ts';

const meta: RecommenderMeta = {
  format: 'streamrec-ncf',
  version: 1,
  domain: 'music',
  trainedAt: '2026-01-01T00:00:00.000Z',
  watermark: 42,
  backend: 'wasm',
  trainSeconds: 1.5,
  examplesPerSecond: 1000,
  params: DEFAULT_NCF_PARAMS,
  rules: DEFAULT_SIGNAL_RULES,
  metrics: null,
  userIds: ['u1', 'ü2'],
  itemIds: ['a', 'b', 'c'],
  itemPopularity: [3, 0, 1],
};

describe('recommender artifact', () => {
  it('round-trips meta and network bytes', () => {
    const network = Uint8Array.of(1, 2, 3, 250);
    const bytes = encodeRecommenderArtifact(meta, network);
    const decoded = decodeRecommenderArtifact(bytes);
    expect(decoded.meta).toEqual(meta);
    expect(Array.from(decoded.modelBytes)).toEqual([1, 2, 3, 250]);
  });
  it('works on a subarray view (bytea from a driver)', () => {
    const bytes = encodeRecommenderArtifact(meta, Uint8Array.of(9));
    const padded = new Uint8Array(bytes.length + 7);
    padded.set(bytes, 7);
    expect(decodeRecommenderArtifact(padded.subarray(7)).meta.domain).toBe('music');
  });
  it('rejects other bytes', () => {
    expect(() => decodeRecommenderArtifact(Uint8Array.of(1, 2, 3))).toThrow(/magic/);
    const bytes = encodeRecommenderArtifact(meta, Uint8Array.of(9));
    expect(() => decodeRecommenderArtifact(bytes.subarray(0, 20))).toThrow(/truncated/);
  });
});
