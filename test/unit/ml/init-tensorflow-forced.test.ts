import { describe, expect, it } from 'vitest';

import { initTensorFlow } from '../../../src/ml/init-tensorflow.ts';
import { quietLogger } from './compare-backends.ts';

describe('initTensorFlow with a forced backend', () => {
  it('fails clearly when the forced backend cannot load, then lets a later call choose', async () => {
    await expect(initTensorFlow({ backend: 'node', logger: quietLogger })).rejects.toThrow(
      /^options.backend='node': @tensorflow\/tfjs-node not available: Cannot find (package|module)/,
    );
    process.env['TF_BACKEND'] = 'cpu';
    try {
      const runtime = await initTensorFlow({ logger: quietLogger });
      expect(runtime).toMatchObject({ backend: 'cpu', reason: 'forced by TF_BACKEND=cpu; pure JavaScript' });
    } finally {
      delete process.env['TF_BACKEND'];
    }
  });
});
