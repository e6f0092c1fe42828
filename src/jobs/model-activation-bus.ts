import { createLocalBroadcast, createRedisBroadcast, type Broadcast } from './broadcast.ts';

/** Says that a model became the active one of its kind and domain. */
export interface ModelActivated {
  kind: 'recommender' | 'cnn';
  domain: string;
  modelId: number;
}

/** Carries "model activated" to every API process. */
export type ModelActivationBus = Broadcast<ModelActivated>;

export const MODEL_ACTIVATED_CHANNEL = 'streamrec:model-activated';

/** The embedded default: the signal stays inside this process. */
export function createLocalActivationBus(): ModelActivationBus {
  return createLocalBroadcast<ModelActivated>();
}

/** Redis pub/sub between processes. A lost message is survived by the model host's periodic database check. */
export function createRedisActivationBus(url: string, onError: (error: Error) => void): ModelActivationBus {
  return createRedisBroadcast<ModelActivated>(url, MODEL_ACTIVATED_CHANNEL, onError);
}
