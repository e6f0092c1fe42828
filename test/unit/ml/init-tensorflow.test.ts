import { afterEach, describe, expect, it } from 'vitest';

import { getActiveBackend } from '../../../src/ml/get-active-backend.ts';
import { initTensorFlow } from '../../../src/ml/init-tensorflow.ts';
import { tf } from '../../../src/ml/tf.ts';

function recordingLogger() {
  const lines: { level: string; details: object; message: string }[] = [];
  return {
    lines,
    info: (details: object, message: string) => lines.push({ level: 'info', details, message }),
    warn: (details: object, message: string) => lines.push({ level: 'warn', details, message }),
  };
}

afterEach(() => {
  delete process.env['TF_BACKEND'];
  delete process.env['TF_WASM_THREADS'];
});

// One process, one choice: the tests below run in order against the same
// module state, as a service would.
describe('initTensorFlow', () => {
  it('rejects an unknown TF_BACKEND before choosing anything', () => {
    process.env['TF_BACKEND'] = 'gpu';
    expect(() => initTensorFlow()).toThrow(/TF_BACKEND must be one of node, wasm, cpu; got 'gpu'/);
    expect(getActiveBackend()).toBeUndefined();
  });

  it('rejects a TF_WASM_THREADS that is not a thread count from 1 to 8', () => {
    for (const value of ['0', '9', '1.5', 'many']) {
      process.env['TF_WASM_THREADS'] = value;
      expect(() => initTensorFlow()).toThrow(`TF_WASM_THREADS must be an integer from 1 to 8; got '${value}'`);
    }
    expect(getActiveBackend()).toBeUndefined();
  });

  it('falls back from tfjs-node to wasm by default, once, and says why', async () => {
    const logger = recordingLogger();
    const [first, second] = await Promise.all([initTensorFlow({ logger }), initTensorFlow({ logger })]);

    expect(first).toBe(second);
    expect(first.backend).toBe('wasm');
    expect(first.tf).toBe(tf);
    expect(first.reason).toMatch(/^@tensorflow\/tfjs-node not available: Cannot find (package|module) '@tensorflow\/tfjs-node'/);
    expect(first.reason).toMatch(/XNNPACK, SIMD (on|off), one thread, training kernels registered$/);
    expect(logger.lines).toEqual([
      { level: 'info', details: { backend: 'wasm', reason: first.reason }, message: 'TensorFlow.js backend: wasm' },
    ]);
    expect(getActiveBackend()).toBe('wasm');
    expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeDefined();
  });

  it('accepts a later request for the backend it already runs on', async () => {
    process.env['TF_BACKEND'] = 'wasm';
    await expect(initTensorFlow()).resolves.toMatchObject({ backend: 'wasm' });
    await expect(initTensorFlow({ backend: 'wasm' })).resolves.toMatchObject({ backend: 'wasm' });
  });

  it('refuses to switch to another backend later', async () => {
    await expect(initTensorFlow({ backend: 'cpu' })).rejects.toThrow(
      /already runs on 'wasm' .*options.backend='cpu' cannot switch it/,
    );
    process.env['TF_BACKEND'] = 'cpu';
    await expect(initTensorFlow()).rejects.toThrow(/TF_BACKEND=cpu cannot switch it/);
    expect(getActiveBackend()).toBe('wasm');
  });

  it('reports the engine backend when code switches it by hand', async () => {
    await tf.setBackend('cpu');
    expect(getActiveBackend()).toBe('cpu');
    await tf.setBackend('wasm');
    expect(getActiveBackend()).toBe('wasm');
  });
});
