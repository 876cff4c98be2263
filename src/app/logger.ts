/**
 * pino to stderr (stdout is the MCP channel in stdio mode). Secrets are redacted by path.
 */
import { pino, type Logger, type LevelWithSilent } from 'pino';

export function createLogger(level: LevelWithSilent = 'info'): Logger {
  return pino(
    {
      level,
      base: { service: 'comptoir' },
      redact: {
        paths: [
          'apiKey',
          'apikey',
          'token',
          'password',
          '*.apiKey',
          '*.apikey',
          '*.token',
          '*.password',
          'headers.authorization',
          'headers["x-api-key"]',
        ],
        censor: '[redacted]',
      },
    },
    pino.destination({ fd: 2, sync: true }),
  );
}
