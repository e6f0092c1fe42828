import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

interface ChildResult {
  threads: number;
  warnings: string[];
  weights: number[];
}

async function train(...args: string[]): Promise<ChildResult> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'test/unit/ml/threaded-wasm-child.ts', ...args], { timeout: 60_000 });
  return JSON.parse(stdout) as ChildResult;
}

describe('the threaded wasm backend (wasmThreads 2)', () => {
  it('runs XNNPACK on two threads, trains to the single-threaded weights, and lets the process exit', async () => {
    const [single, threaded] = await Promise.all([train('1'), train('2')]);
    expect(single).toMatchObject({ threads: 1, warnings: [] });
    expect(threaded).toMatchObject({ threads: 2, warnings: [] });
    expect(threaded.weights).toHaveLength(64 * 300);
    expect(threaded.weights).toEqual(single.weights.map((v) => expect.closeTo(v, 5)));
  });

  it('runs on one thread, with a warning that says why, when the threaded module cannot start', async () => {
    const degraded = await train('2', 'no-sab');
    expect(degraded.threads).toBe(1);
    expect(degraded.warnings).toEqual(['2 wasm threads requested, running on one: SharedArrayBuffer is not available']);
    expect(degraded.weights).toHaveLength(64 * 300);
  });
});
