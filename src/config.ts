import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: optionalString.pipe(
    z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }).optional(),
  ),
  EMBEDDED_DATA_DIR: z.string().default('./data/pglite'),
  REDIS_URL: optionalString.pipe(z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional()),
  API_KEY: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  ADMIN_API_KEY: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  MODELS_DIR: z.string().default('./models'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: positiveInt(10 * 1024 * 1024),
  IMAGE_LIMIT_BYTES: positiveInt(10 * 1024 * 1024),
  MAX_EVENT_SKEW_SECONDS: positiveInt(300),
  SHUTDOWN_TIMEOUT_MS: positiveInt(10_000),
  RETRAIN_CRON: z.string().default('0 3 * * *'),
  GATE_TOLERANCE: z.coerce.number().min(0).max(1).default(0.01),
  MODEL_POLL_INTERVAL_MS: positiveInt(10_000),
  HISTORY_CACHE_TTL_MS: positiveInt(60_000),
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only').default('streamrec'),
  RETRAIN_LOCK_MS: positiveInt(120_000),
  RETRAIN_EPOCHS: z.coerce.number().int().positive().optional(),
  TF_BACKEND: z.enum(['node', 'wasm', 'cpu']).optional().or(z.literal('').transform(() => undefined)),
});

/** Typed service configuration, read once from the environment. */
export type Config = z.infer<typeof configSchema>;

/** Thrown when an environment variable is missing or malformed; its message is one line naming the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses the environment into a {@link Config}.
 *
 * ```ts
 * const config = loadConfig(process.env);
 * console.log(config.PORT); // 8080 unless PORT is set
 * ```
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const name = String(issue.path[0] ?? 'environment');
  const value = env[name];
  throw new ConfigError(`invalid configuration: ${name}=${value === undefined ? '(unset)' : JSON.stringify(value)}: ${issue.message}`);
}
