/** A loaded model that a slot can serve and later free. */
export interface ServableModel {
  readonly id: number;
  dispose(): void;
}

/** A borrowed model: call `release()` when the request that used it is done. */
export interface ModelLease<M> {
  readonly model: M;
  release(): void;
}

interface Entry<M> {
  model: M;
  leases: number;
  retired: boolean;
}

/**
 * One swappable model reference with reference counts: requests lease the current model, a swap installs the next
 * one at once, and the old model is disposed when its last lease is released.
 *
 * ```ts
 * const slot = new ModelSlot<RecommenderModel>();
 * slot.swap(model);
 * const lease = slot.lease();
 * try { lease?.model.recommend(...) } finally { lease?.release() }
 * ```
 */
export class ModelSlot<M extends ServableModel> {
  #current: Entry<M> | undefined;

  get current(): M | undefined {
    return this.#current?.model;
  }

  lease(): ModelLease<M> | undefined {
    const entry = this.#current;
    if (!entry) return undefined;
    entry.leases += 1;
    let released = false;
    return {
      model: entry.model,
      release: () => {
        if (released) return;
        released = true;
        entry.leases -= 1;
        if (entry.retired && entry.leases === 0) entry.model.dispose();
      },
    };
  }

  /** Installs `next`; the previous model is disposed now if idle, else after its last lease. */
  swap(next: M): void {
    const previous = this.#current;
    this.#current = { model: next, leases: 0, retired: false };
    if (!previous) return;
    previous.retired = true;
    if (previous.leases === 0) previous.model.dispose();
  }
}
