/**
 * pino to stderr (stdout is the MCP channel in stdio mode). Secrets are redacted by path.
 */
import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

/** `destination` defaults to stderr (tests pass a stream to read what was logged). */
export function createLogger(
  level: LevelWithSilent = 'info',
  destination: DestinationStream = pino.destination({ fd: 2, sync: true }),
): Logger {
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
    destination,
  );
}
