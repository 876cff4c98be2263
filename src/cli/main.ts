#!/usr/bin/env node
/** The `comptoir` command. */
import { startClosing } from '../app/closing.js';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import type { Logger } from 'pino';
import { openApp, openMigrated } from '../app/bootstrap.js';
import {
  ConfigError,
  defaultDbPath,
  HTTP_DEFAULTS,
  loadDotEnv,
  parseConfig,
  parseHttpConfig,
  servedToolsets,
  type HttpConfig,
} from '../app/config.js';
import { backupSqlite, isPostgresUrl, type Db } from '../db/database.js';
import { listKeys } from '../modules/keys/keys.service.js';
import { allShops } from '../modules/shops/shops.service.js';
import { printable } from './printable.js';
import { createLogger } from '../app/logger.js';
import { VERSION } from '../app/version.js';
import { buildServer } from '../mcp/server.js';
import { explain } from './errors.js';
import { withToolNames } from '../mcp/hints.js';
import { TOOLSET_NAMES } from '../mcp/toolsets.js';
import { guardedStdioTransport } from './stdio-guard.js';

const HELP = `comptoir ${VERSION} — an open-source cash register server for AI assistants (MCP)

Usage:
  comptoir [serve] [options]       Serve MCP over stdio (for Claude Desktop and other local clients), one shop.
                                   On first run, creates the database with the demo shop.
  comptoir serve --http [options]  Serve MCP over Streamable HTTP at /mcp to many shops; every client
                                   sends an API key, which decides its shop and its tools.
  comptoir init [--demo|--empty]   Create the database and its shop (demo café, or an empty shop), then exit.
  comptoir shops list              List the shops of the database.
  comptoir shops create --name <name> [--demo]
                                   Add a shop (empty, or with the demo catalog).
  comptoir keys create --shop <id> --scopes <read,sell,admin> [--name <label>] [--toolsets <sets>]
                                   Make an API key for a shop; it is printed once, only its hash is kept.
                                   --toolsets: the tool sets it is shown (default: the server's).
  comptoir keys list [--shop <id>] List the API keys (never the keys themselves).
  comptoir keys revoke <id>        Revoke an API key: it is refused from the next request on.
  comptoir users create --email <email> --shop <id> --role owner|manager|staff [--password-stdin]
                                   A person who logs in to approve apps (OAuth, COMPTOIR_PUBLIC_URL) for a shop; the password
                                   is asked on the terminal, or read from stdin. An existing user is given
                                   the shop (or a new role there).
  comptoir users list [--shop <id>] | users disable|enable <id|email> | users reset-password <id|email>
  comptoir apps list [--shop <id>] | apps revoke <id>
  comptoir apps register --name <name> --redirect-uri <uri> [--redirect-uri <uri>…]
                                   A client that does not register itself: prints its client_id (PKCE, no secret).
                                   The apps connected with OAuth; a revoked app is refused at its next request.
  comptoir demo --days <n> --orders-per-day <n> [--seed <n>] [--shop <id> | --name <name>]
                                   Generate a realistic past: <n> business days ending yesterday, about
                                   <n> orders a day (payments, refunds, deliveries, regulars), the same
                                   rows for the same seed. Into a new demo shop (its id is printed), or
                                   added to shop <id>. Stock is not taken out. Fast: written in bulk.
  comptoir reports rebuild [--shop <id>]
                                   Recompute the report summary rows of one shop or of every shop
                                   (after an import, or a change of time zone or closing hour).
  comptoir ledger verify [--shop <id>] [--json]
                                   Verify the fiscal ledger of one shop or every shop: every sale, credit
                                   note, payment and journal event as it was recorded (docs/FISCAL.md);
                                   names the first record that breaks the chain; exit status 1 if one does.
  comptoir archive --period <YYYY-MM|YYYY|YYYY-MM-DD> [--shop <id>] [--out <dir>]
                                   Write the signed archive of a period (its sales, closures and journal) into
                                   <dir> (default COMPTOIR_ARCHIVES, or beside a SQLite file).
  comptoir archive verify <file> [--public-key <file.pem>]
                                   Verify an archive offline, without the database (docs/FISCAL.md).
  comptoir catalog import <file.csv> [--apply] [--shop <id>]
                                   Read a spreadsheet of products (docs/SETUP.md: columns, ; or , separators):
                                   lists line by line what would be created, updated or refused; --apply
                                   imports it in one transaction (nothing while a line is refused).
  comptoir catalog export [--shop <id>]
                                   Print the products as that spreadsheet (CSV): export → import round-trips.
  comptoir backup <file>           Copy the SQLite database to <file>, safely while Comptoir runs
                                   (PostgreSQL: use pg_dump, see docs/DEPLOYMENT.md).
  comptoir docs                    Print the tool reference (Markdown) generated from the schemas.
  comptoir --help | --version

Options (flags win over environment variables; a .env file in the working directory is read):
  --db <file|url>      COMPTOIR_DB          SQLite database file (default ${defaultDbPath()}),
                                            or a PostgreSQL URL: postgres://user:pass@host:5432/comptoir
  --shop <id>          COMPTOIR_SHOP        Shop served over stdio (default: the first shop)
  --log-level <level>  COMPTOIR_LOG_LEVEL   fatal|error|warn|info|debug|trace|silent (default info; logs go to stderr)
                       COMPTOIR_ARCHIVES    where archives are written (default: beside a SQLite file,
                                            ~/.comptoir/archives for PostgreSQL)
                       COMPTOIR_FISCAL_HEADS where the fiscal chains' last records are kept apart from
                                            the database, to show an older copy put back (default: beside
                                            a SQLite file; ~/.comptoir/fiscal-heads-….json for PostgreSQL;
                                            off: not kept)
  --sqlite-synchronous <full|normal>
                       COMPTOIR_SQLITE_SYNCHRONOUS
                                            SQLite: full (default) waits for the disk at every commit, so an
                                            acknowledged sale survives a power cut; normal is faster, and
                                            survives a crash of the process, not of the machine
  --toolsets <sets>    COMPTOIR_TOOLSETS    Tool sets served (default all): comma-separated among
                                            ${TOOLSET_NAMES.join(', ')}
                                            (docs/TOOLS.md lists each set's tools); a key's own --toolsets wins
  --json                                    shops/keys/users/demo: print JSON

HTTP options (serve --http):
  --port <n>           COMPTOIR_PORT        TCP port (default ${HTTP_DEFAULTS.port}; 0 picks a free one)
  --host <address>     COMPTOIR_HOST        Interface to bind (default ${HTTP_DEFAULTS.host}; 0.0.0.0 for all)
                       COMPTOIR_ALLOWED_ORIGINS   comma-separated browser origins allowed (and given CORS)
                       COMPTOIR_ALLOWED_HOSTS     extra Host names accepted (DNS-rebinding check)
                       COMPTOIR_SESSION_IDLE_SECONDS  idle time before a session is closed (default ${HTTP_DEFAULTS.sessionIdleSeconds})
                       COMPTOIR_MAX_SESSIONS      open sessions per node (default ${HTTP_DEFAULTS.maxSessions}; the busiest key's least recently used goes)
                       COMPTOIR_MAX_SESSIONS_PER_KEY  open sessions per API key per node (default ${HTTP_DEFAULTS.maxSessionsPerKey})
                       COMPTOIR_RATE_LIMIT_PER_KEY      requests per minute per API key (default ${HTTP_DEFAULTS.rateLimitPerKey}; 0 = off)
                       COMPTOIR_RATE_LIMIT_PER_ADDRESS  failed authentications per minute per client address (default ${HTTP_DEFAULTS.rateLimitPerAddress}; 0 = off); valid keys always pass
                       COMPTOIR_RATE_LIMIT_PER_CREDENTIAL  failed authentications per minute per presented credential and address (default ${HTTP_DEFAULTS.rateLimitPerCredential}; 0 = off)
                       COMPTOIR_MAX_BODY_KB       request body limit (default ${HTTP_DEFAULTS.maxBodyKb})
                       COMPTOIR_TRUST_PROXY       true (behind one reverse proxy): the client address is X-Forwarded-For's last entry
                       COMPTOIR_PUBLIC_URL        https://… (http:// on loopback): turns on OAuth for remote connectors (docs/HTTP.md)
                       COMPTOIR_SHUTDOWN_GRACE_SECONDS  time calls in flight get on SIGTERM (default ${HTTP_DEFAULTS.shutdownGraceSeconds})
                       REDIS_URL                  redis://… : rate-limit counters and 2025-era sessions shared by every node
                       COMPTOIR_REDIS_PREFIX      namespace of this deployment's keys in Redis (default comptoir)
`;

const COMMANDS = new Set([
  'serve',
  'init',
  'docs',
  'shops',
  'keys',
  'users',
  'apps',
  'backup',
  'demo',
  'reports',
  'catalog',
  'ledger',
  'archive',
]);

async function main(argv: string[]): Promise<number> {
  const { values, positionals, tokens } = parseArgs({
    args: argv,
    allowPositionals: true,
    tokens: true,
    options: {
      db: { type: 'string' },
      shop: { type: 'string' },
      'log-level': { type: 'string' },
      'sqlite-synchronous': { type: 'string' },
      demo: { type: 'boolean' },
      empty: { type: 'boolean' },
      http: { type: 'boolean' },
      port: { type: 'string' },
      host: { type: 'string' },
      name: { type: 'string' },
      scopes: { type: 'string' },
      toolsets: { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      'redirect-uri': { type: 'string', multiple: true },
      json: { type: 'boolean' },
      apply: { type: 'boolean' },
      days: { type: 'string' },
      'orders-per-day': { type: 'string' },
      seed: { type: 'string' },
      period: { type: 'string' },
      out: { type: 'string' },
      'public-key': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  // The last of two --shop would silently win: a key or a user made for the wrong shop
  const seen = new Map<string, string | undefined>();
  for (const t of tokens)
    if (t.kind === 'option') {
      if (seen.has(t.name) && t.name !== 'redirect-uri')
        throw new ConfigError(
          `--${t.name} is given twice${t.value !== undefined ? ` (${seen.get(t.name)} and ${t.value})` : ''}: give it once.`,
        );
      seen.set(t.name, t.value);
    }
  if (values.help) return (void process.stdout.write(HELP), 0);
  if (values.version) return (void process.stdout.write(`${VERSION}\n`), 0);
  const command = positionals[0] ?? 'serve';
  if (!COMMANDS.has(command)) throw new ConfigError(`Unknown command "${command}". Run comptoir --help.`);
  if (command === 'docs') {
    const { toolReference } = await import('../mcp/reference.js');
    return (void process.stdout.write(toolReference()), 0);
  }
  if (values.demo && values.empty) throw new ConfigError('Choose --demo or --empty, not both.');
  const serving = command === 'serve' && values.http === true;
  for (const flag of ['port', 'host'] as const)
    if (values[flag] !== undefined && !serving)
      throw new ConfigError(
        `--${flag} is an option of comptoir serve --http (over stdio, the default, there is no port): add --http, or leave --${flag} out.`,
      );

  loadDotEnv();
  const out = (text: string) => void process.stdout.write(text);
  if (command === 'backup') {
    const config = parseConfig({ ...values, shop: undefined }, process.env);
    const destination = positionals[1];
    if (!destination) throw new ConfigError('Usage: comptoir backup <file> (the copy to write).');
    if (isPostgresUrl(config.db))
      throw new ConfigError(
        'comptoir backup copies a SQLite database; back PostgreSQL up with pg_dump (docs/DEPLOYMENT.md).',
      );
    if (!fs.existsSync(config.db)) throw new ConfigError(`No database at ${config.db} (--db / COMPTOIR_DB).`);
    if (fs.existsSync(destination)) throw new ConfigError(`${destination} exists; name a new file.`);
    await backupSqlite(config.db, destination);
    out(`Copied ${config.db} to ${destination}.\n`);
    return 0;
  }
  if (command === 'shops' || command === 'keys' || command === 'users' || command === 'apps') {
    const config = parseConfig({ ...values, shop: undefined }, process.env);
    const logger = createLogger(config.logLevel);
    const db = await openMigrated(config);
    try {
      // the administration commands' modules are loaded when run (a server start needs none of them)
      const { keysCommand, shopsCommand } = await import('./admin.js');
      const { appsCommand, usersCommand } = await import('./users.js');
      if (command === 'shops') await shopsCommand(db, logger, positionals[1], values, out);
      else if (command === 'users') await usersCommand(db, positionals[1], positionals.slice(2), values, out);
      else if (command === 'apps') await appsCommand(db, positionals[1], positionals.slice(2), values, out);
      else await keysCommand(db, positionals[1], positionals.slice(2), values, out);
    } finally {
      await db.destroy();
    }
    return 0;
  }

  if (command === 'catalog') {
    const config = parseConfig({ ...values, shop: undefined }, process.env);
    const logger = createLogger(config.logLevel);
    const db = await openMigrated(config);
    try {
      const { catalogCommand } = await import('./catalog.js');
      return await catalogCommand(db, logger, positionals[1], positionals.slice(2), values, out);
    } finally {
      await db.destroy();
    }
  }

  if (command === 'archive' && positionals[1] === 'verify') {
    const { archiveVerifyCommand } = await import('./ledger.js');
    return archiveVerifyCommand(positionals[2], values['public-key'], values.json ?? false, out);
  }
  if (command === 'archive') {
    if (positionals[1] !== undefined)
      throw new ConfigError(
        `Unknown archive action "${positionals[1]}": comptoir archive --period <p>, or comptoir archive verify <file>.`,
      );
    const config = parseConfig({ ...values, shop: undefined }, process.env);
    const logger = createLogger(config.logLevel);
    const db = await openMigrated(config);
    try {
      const { archiveCommand } = await import('./ledger.js');
      return await archiveCommand(db, logger, values, config.archives, out);
    } finally {
      await db.destroy();
    }
  }
  if (command === 'ledger') {
    const config = parseConfig({ ...values, shop: undefined }, process.env);
    const logger = createLogger(config.logLevel);
    const db = await openMigrated(config);
    try {
      const { ledgerCommand } = await import('./ledger.js');
      return await ledgerCommand(db, logger, positionals[1], values, out);
    } finally {
      await db.destroy();
    }
  }

  if (command === 'demo' || command === 'reports') {
    const { demoCommand, demoOptions, reportsCommand } = await import('./admin.js');
    const options = command === 'demo' ? demoOptions(values) : undefined;
    const config = parseConfig({ ...values, shop: undefined }, process.env);
    const logger = createLogger(config.logLevel);
    const db = await openMigrated(config);
    try {
      if (options) await demoCommand(db, logger, options, values.json ?? false, out);
      else await reportsCommand(db, logger, positionals[1], values, out);
    } finally {
      await db.destroy();
    }
    return 0;
  }

  if (command === 'serve' && values.http) {
    // Many shops: no shop is chosen, and none is made up (shops create / init make them).
    const config = parseConfig({ ...values, shop: undefined }, process.env);
    const http = parseHttpConfig(values, process.env);
    const logger = createLogger(config.logLevel);
    await serveHttp(await openMigrated(config), logger, http);
    return -1;
  }
  const config = parseConfig(values, process.env);
  const toolsets = command === 'init' ? undefined : servedToolsets(values, process.env);
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
        { shopId: app.shopId, scopes: ['read', 'sell', 'admin'], actor: 'stdio', toolsets },
      ),
    {
      // lines that are not JSON-RPC are answered (and logged in one line) before the SDK's transport
      transport: guardedStdioTransport(logger).transport,
      onerror: (err) => logger.error({ err }, 'stdio transport error'),
    },
  );
  logger.info({ db: config.db, shop: app.shopId }, 'comptoir serving MCP over stdio');
  const stopClosing = startClosing(app.db, logger);
  const stop = async () => {
    stopClosing();
    await handle.close();
    await app.db.destroy();
    process.exit(0);
  };
  process.stdin.on('end', () => void stop());
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  return -1; // keep running
}

/** Streamable HTTP until SIGTERM/SIGINT, then a graceful shutdown. */
async function serveHttp(db: Db, logger: Logger, config: HttpConfig): Promise<void> {
  // the HTTP server's modules (Hono, Redis, metrics, rate limits) are loaded only to serve HTTP
  const { startHttpServer } = await import('../http/server.js');
  const server = await startHttpServer({ db, logger, config });
  const stopClosing = startClosing(db, logger);
  const keys = (await listKeys(db)).filter((k) => !k.revokedAt).length;
  const shops = (await allShops(db)).length;
  logger.info(
    {
      url: `${server.url}/mcp`,
      shops,
      activeKeys: keys,
      ...(config.publicUrl ? { oauth: `on, as ${config.publicUrl} (${config.publicUrl}/mcp)` } : {}),
    },
    'comptoir serving MCP over Streamable HTTP',
  );
  if (shops === 0)
    logger.warn(
      'no shop yet: create one with comptoir shops create --name "<name>" [--demo] (or comptoir init)',
    );
  else if (keys === 0 && !config.publicUrl)
    logger.warn(
      'no API key yet: every request gets 401. Make one: comptoir keys create --shop <id> --scopes read,sell',
    );
  const stop = async (signal: string) => {
    logger.info({ signal }, 'shutting down: finishing calls in flight');
    stopClosing();
    await server.shutdown();
    await db.destroy();
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

/** The --db and --log-level the run was given, read without the argument parser (which may have failed). */
function given(argv: string[], flag: string, env: string | undefined): string | undefined {
  const i = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
  if (i < 0) return env;
  return argv[i]!.includes('=') ? argv[i]!.slice(flag.length + 1) : argv[i + 1];
}

const argv = process.argv.slice(2);
main(argv).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    const level = given(argv, '--log-level', process.env.COMPTOIR_LOG_LEVEL);
    const { message, code } = explain(error, {
      db: given(argv, '--db', process.env.COMPTOIR_DB) || defaultDbPath(),
      debug: level === 'debug' || level === 'trace',
    });
    // one line, whatever a shop's name or a value given holds (a stack, with debug, keeps its lines)
    const said = withToolNames(message);
    process.stderr.write(
      `comptoir: ${code === 2 && !said.includes('\n    at ') ? printable(said.replace(/\n+/g, ' · ')) : said}\n`,
    );
    process.exit(code);
  },
);
