#!/usr/bin/env node
/** The `comptoir` command. */
import { parseArgs } from 'node:util';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { openApp } from '../app/bootstrap.js';
import { ConfigError, defaultDbPath, loadDotEnv, parseConfig } from '../app/config.js';
import { createLogger } from '../app/logger.js';
import { VERSION } from '../app/version.js';
import { buildServer } from '../mcp/server.js';
import { toolReference } from '../mcp/reference.js';

const HELP = `comptoir ${VERSION} — an open-source cash register server for AI assistants (MCP)

Usage:
  comptoir [serve] [options]     Serve MCP over stdio (for Claude Desktop and other local clients).
                                 On first run, creates the database with the demo shop.
  comptoir init [--demo|--empty] Create the database and its shop (demo café, or an empty shop), then exit.
  comptoir docs                  Print the tool reference (Markdown) generated from the schemas.
  comptoir --help | --version

Options (flags win over environment variables; a .env file in the working directory is read):
  --db <file>          COMPTOIR_DB          SQLite database file (default ${defaultDbPath()})
  --shop <id>          COMPTOIR_SHOP        Shop served over stdio (default: the first shop)
  --log-level <level>  COMPTOIR_LOG_LEVEL   fatal|error|warn|info|debug|trace|silent (default info; logs go to stderr)
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      shop: { type: 'string' },
      'log-level': { type: 'string' },
      demo: { type: 'boolean' },
      empty: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  if (values.help) return (void process.stdout.write(HELP), 0);
  if (values.version) return (void process.stdout.write(`${VERSION}\n`), 0);
  const command = positionals[0] ?? 'serve';
  if (command === 'docs') return (void process.stdout.write(toolReference()), 0);
  if (command !== 'serve' && command !== 'init')
    throw new ConfigError(`Unknown command "${command}". Run comptoir --help.`);
  if (values.demo && values.empty) throw new ConfigError('Choose --demo or --empty, not both.');

  loadDotEnv();
  const config = parseConfig(values, process.env);
  const logger = createLogger(config.logLevel);
  const app = await openApp(config, logger);
  if (command === 'init') {
    logger.info({ db: config.db, shop: app.shopId }, 'database ready');
    await app.db.destroy();
    return 0;
  }
  const handle = serveStdio(
    () =>
      buildServer(
        { db: app.db, logger },
        { shopId: app.shopId, scopes: ['read', 'sell', 'admin'], actor: 'stdio' },
      ),
    {
      onerror: (err) => logger.error({ err }, 'stdio transport error'),
    },
  );
  logger.info({ db: config.db, shop: app.shopId }, 'comptoir serving MCP over stdio');
  const stop = async () => {
    await handle.close();
    await app.db.destroy();
    process.exit(0);
  };
  process.stdin.on('end', () => void stop());
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  return -1; // keep running
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    const message =
      error instanceof ConfigError || (error instanceof TypeError && 'code' in error)
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
    process.stderr.write(`comptoir: ${message}\n`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
