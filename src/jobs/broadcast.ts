import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';

/** A fire-and-forget message channel to every API process (or, embedded, within this one). */
export interface Broadcast<T> {
  publish(message: T): Promise<void>;
  subscribe(listener: (message: T) => void): void;
  close(): Promise<void>;
}

/**
 * The embedded default: messages stay inside this process.
 *
 * ```ts
 * const changes = createLocalBroadcast<{ userIds: string[] }>();
 * changes.subscribe(({ userIds }) => cache.invalidate(userIds));
 * ```
 */
export function createLocalBroadcast<T>(): Broadcast<T> {
  const emitter = new EventEmitter();
  return {
    async publish(message) {
      emitter.emit('message', message);
    },
    subscribe(listener) {
      emitter.on('message', listener);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

/**
 * Redis pub/sub on `channel`, JSON-encoded. Delivery is at most once: subscribers must survive a
 * lost message (the model host polls the models table; the history cache expires entries).
 *
 * ```ts
 * const bus = createRedisBroadcast<ModelActivated>('redis://127.0.0.1:6379', 'streamrec:model-activated', onError);
 * ```
 */
export function createRedisBroadcast<T>(url: string, channel: string, onError: (error: Error) => void): Broadcast<T> {
  const publisher = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: false });
  const subscriber = new Redis(url, { maxRetriesPerRequest: null });
  const emitter = new EventEmitter();
  publisher.on('error', onError);
  subscriber.on('error', onError);
  subscriber.on('message', (_channel, message) => {
    try {
      emitter.emit('message', JSON.parse(message) as T);
    } catch (error) {
      onError(error as Error);
    }
  });
  void subscriber.subscribe(channel).catch(onError);
  return {
    async publish(message) {
      await publisher.publish(channel, JSON.stringify(message));
    },
    subscribe(listener) {
      emitter.on('message', listener);
    },
    async close() {
      emitter.removeAllListeners();
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
