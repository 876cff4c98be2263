/**
 * Starts the conformance fixture server and prints its MCP URL on stdout (one line), then serves until
 * SIGINT/SIGTERM. Usage: npx tsx test/conformance/serve.ts [port] (port 0 or none: a free port).
 * COMPTOIR_LOG_LEVEL sets the log level (stderr; warn by default).
 */
import type { LevelWithSilent } from 'pino';
import { startFixtureServer } from './fixture-server.js';

const port = Number(process.argv[2] ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`usage: serve.ts [port]  (got ${process.argv[2]})`);
  process.exit(2);
}
const server = await startFixtureServer({
  port,
  logLevel: (process.env.COMPTOIR_LOG_LEVEL as LevelWithSilent | undefined) ?? 'warn',
});
console.log(server.url);

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    void server.shutdown().then(() => process.exit(0));
  });
