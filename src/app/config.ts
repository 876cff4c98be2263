/**
 * Configuration from flags and environment (a .env file in the working directory is read too),
 * validated with zod so that a bad value stops the start with a message naming it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as z from 'zod';

export const defaultDbPath = () => path.join(os.homedir(), '.comptoir', 'comptoir.db');

const configSchema = z.object({
  db: z.string().min(1, 'COMPTOIR_DB / --db must name a database file'),
  shop: z.coerce
    .number()
    .int()
    .positive('COMPTOIR_SHOP / --shop must be a shop id (a positive whole number)')
    .optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    error: 'COMPTOIR_LOG_LEVEL / --log-level must be one of fatal, error, warn, info, debug, trace, silent',
  }),
  demo: z.boolean(),
});
export type Config = z.infer<typeof configSchema>;

export function loadDotEnv(file = '.env'): void {
  if (fs.existsSync(file)) process.loadEnvFile(file);
}

export class ConfigError extends Error {}

export function parseConfig(
  flags: {
    db?: string | undefined;
    shop?: string | undefined;
    'log-level'?: string | undefined;
    empty?: boolean | undefined;
  },
  env: NodeJS.ProcessEnv,
): Config {
  const parsed = configSchema.safeParse({
    db: flags.db ?? env.COMPTOIR_DB ?? defaultDbPath(),
    shop: flags.shop ?? (env.COMPTOIR_SHOP || undefined),
    logLevel: flags['log-level'] ?? env.COMPTOIR_LOG_LEVEL ?? 'info',
    demo: !(flags.empty ?? false),
  });
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => i.message).join('\n'));
  return parsed.data;
}
