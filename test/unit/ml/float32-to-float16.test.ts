import { describe, expect, it } from 'vitest';

import { float32ToFloat16 } from '../../../src/ml/float32-to-float16.ts';
import { tf } from '../../../src/ml/tf.ts';
import { randomValues } from './compare-backends.ts';

const decode = (bits: Uint16Array): Float32Array =>
  tf.io.decodeWeights(bits.buffer as ArrayBuffer, [
    { name: 'w', shape: [bits.length], dtype: 'float32', quantization: { dtype: 'float16' } },
  ])['w']!.dataSync() as Float32Array;

describe('float32ToFloat16', () => {
  it('encodes known values', () => {
    const values = new Float32Array([0, -0, 1, -2, 0.5, 65504, 65520, 1e6, -1e6, 6.103515625e-5, 5.960464477539063e-8, 1e-8, Infinity, -Infinity]);
    expect(Array.from(float32ToFloat16(values), (b) => b.toString(16))).toEqual(
      ['0', '8000', '3c00', 'c000', '3800', '7bff', '7c00', '7c00', 'fc00', '400', '1', '0', '7c00', 'fc00'],
    );
  });

  it('rounds to nearest, ties to even', () => {
    // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: ties to the even 1.
    // 1 + 3·2^-11 lies halfway between 1 + 2^-10 and 1 + 2^-9: ties to the even 1 + 2^-9.
    const values = new Float32Array([1 + 2 ** -11, 1 + 3 * 2 ** -11, 1 + 2 ** -11 + 2 ** -20]);
    expect(Array.from(float32ToFloat16(values))).toEqual([0x3c00, 0x3c02, 0x3c01]);
  });

  it('keeps NaN a NaN', () => {
    expect(Number.isNaN(decode(float32ToFloat16(new Float32Array([NaN])))[0])).toBe(true);
  });

  it('round-trips through the tfjs float16 decoder within half precision', () => {
    const values = randomValues(10_000, 1).map((v, i) => v * 10 ** ((i % 9) - 6));
    const decoded = decode(float32ToFloat16(values));
    values.forEach((v, i) => {
      const tolerance = Math.max(Math.abs(v) * 2 ** -11, 2 ** -25);
      expect(Math.abs(decoded[i]! - v)).toBeLessThanOrEqual(tolerance);
    });
  });

  it('is exact for values float16 can represent', () => {
    const bits = new Uint16Array([...Array(0x7c00).keys()]);
    expect(Array.from(float32ToFloat16(decode(bits)))).toEqual(Array.from(bits));
  });
});
