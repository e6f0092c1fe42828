import { describe, expect, it } from 'vitest';
import { fastExpNonPositive } from '../../../src/recommender/fast-exp.ts';

describe('fastExpNonPositive', () => {
  it('matches Math.exp within float32 precision over the whole non-positive range', () => {
    let worst = 0;
    for (let x = 0; x >= -87; x -= 0.0137) worst = Math.max(worst, Math.abs(fastExpNonPositive(x) / Math.exp(x) - 1));
    expect(worst).toBeLessThan(2e-7);
    expect(fastExpNonPositive(0)).toBe(1);
  });

  it('underflows to 0 below −87 and for −Infinity, and passes NaN on', () => {
    expect(fastExpNonPositive(-88)).toBe(0);
    expect(fastExpNonPositive(-Infinity)).toBe(0);
    expect(fastExpNonPositive(Number.NaN)).toBeNaN();
  });
});
