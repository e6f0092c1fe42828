import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('loadConfig', () => {
  it('fills every default from an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 8080, MODELS_DIR: './models', LOG_LEVEL: 'info', BODY_LIMIT_BYTES: 10 * 1024 * 1024, GATE_TOLERANCE: 0.01 });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
  });

  it('treats empty strings as unset', () => {
    const config = loadConfig({ DATABASE_URL: '', REDIS_URL: ' ', API_KEY: '' });
    expect([config.DATABASE_URL, config.REDIS_URL, config.API_KEY]).toEqual([undefined, undefined, undefined]);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT="eighty"'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL="mysql://x": must be a postgres:// or postgresql:// URL'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL="localhost:6379"'],
    [{ API_KEY: 'short' }, 'API_KEY="short": must be at least 16 characters'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL="loud"'],
    [{ GATE_TOLERANCE: '2' }, 'GATE_TOLERANCE="2"'],
  ])('fails with one line naming the bad variable: %o', (env, expected) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(expected);
    expect((error as Error).message).not.toContain('\n');
  });
});
