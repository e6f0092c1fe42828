import { describe, expect, it } from 'vitest';
import { ModelSlot } from '../../../src/recommender/model-slot.ts';

function fakeModel(id: number) {
  return { id, disposed: false, dispose() { this.disposed = true; } };
}

describe('ModelSlot', () => {
  it('serves nothing before the first swap', () => {
    expect(new ModelSlot().lease()).toBeUndefined();
  });

  it('disposes an idle old model at once on swap', () => {
    const slot = new ModelSlot<ReturnType<typeof fakeModel>>();
    const first = fakeModel(1);
    slot.swap(first);
    slot.swap(fakeModel(2));
    expect(first.disposed).toBe(true);
    expect(slot.current?.id).toBe(2);
  });

  it('keeps a leased old model until its last lease is released, while new leases get the new model', () => {
    const slot = new ModelSlot<ReturnType<typeof fakeModel>>();
    const first = fakeModel(1);
    slot.swap(first);
    const a = slot.lease()!;
    const b = slot.lease()!;
    slot.swap(fakeModel(2));
    expect(slot.lease()!.model.id).toBe(2);
    a.release();
    a.release();
    expect(first.disposed).toBe(false);
    b.release();
    expect(first.disposed).toBe(true);
  });
});
