import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';

/** Says that a model became the active one of its kind and domain. */
export interface ModelActivated {
  kind: 'recommender' | 'cnn';
  domain: string;
  modelId: number;
}

/** Carries "model activated" to every API process. */
export interface ModelActivationBus {
  publish(event: ModelActivated): Promise<void>;
  subscribe(listener: (event: ModelActivated) => void): void;
  close(): Promise<void>;
}

export const MODEL_ACTIVATED_CHANNEL = 'streamrec:model-activated';

/**
 * The embedded default: the signal stays inside this process.
 *
 * ```ts
 * const bus = createLocalActivationBus();
 * bus.subscribe((event) => host.sync(event.domain));
 * ```
 */
export function createLocalActivationBus(): ModelActivationBus {
  const emitter = new EventEmitter();
  return {
    async publish(event) {
      emitter.emit('activated', event);
    },
    subscribe(listener) {
      emitter.on('activated', listener);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

/**
 * Redis pub/sub between processes. A lost message is survived by the model host's periodic database check.
 *
 * ```ts
 * const bus = createRedisActivationBus('redis://127.0.0.1:6379', logger);
 * await bus.publish({ kind: 'recommender', domain: 'film', modelId: 7 });
 * ```
 */
export function createRedisActivationBus(url: string, onError: (error: Error) => void): ModelActivationBus {
  const publisher = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: false });
  const subscriber = new Redis(url, { maxRetriesPerRequest: null });
  const emitter = new EventEmitter();
  publisher.on('error', onError);
  subscriber.on('error', onError);
  subscriber.on('message', (_channel, message) => {
    try {
      emitter.emit('activated', JSON.parse(message) as ModelActivated);
    } catch (error) {
      onError(error as Error);
    }
  });
  void subscriber.subscribe(MODEL_ACTIVATED_CHANNEL).catch(onError);
  return {
    async publish(event) {
      await publisher.publish(MODEL_ACTIVATED_CHANNEL, JSON.stringify(event));
    },
    subscribe(listener) {
      emitter.on('activated', listener);
    },
    async close() {
      emitter.removeAllListeners();
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
