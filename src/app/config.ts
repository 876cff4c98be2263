/**
 * Configuration from flags and environment (a .env file in the working directory is read too),
 * validated with zod so that a bad value stops the start with a message naming it.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as z from 'zod';
import { isPostgresUrl, SQLITE_SYNCHRONOUS } from '../db/database.js';
import { TOOLSET_NAMES, toolsetsIn, type Toolset } from '../mcp/toolsets.js';

export const defaultDbPath = () => path.join(os.homedir(), '.comptoir', 'comptoir.db');

const shown = (v: unknown) => JSON.stringify(v);

const configSchema = z.object({
  db: z.string().min(1, 'COMPTOIR_DB / --db must name a SQLite file or a postgres:// URL'),
  shop: z
    .string()
    .trim()
    .regex(/^[1-9]\d{0,9}$/, {
      error: (i) =>
        `--shop / COMPTOIR_SHOP ${shown(i.input)} is not a shop id: give a positive whole number (comptoir shops list shows them).`,
    })
    .transform(Number)
    .optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    error: (i) =>
      `--log-level / COMPTOIR_LOG_LEVEL ${shown(i.input)} is not a level: give one of fatal, error, warn, info, debug, trace, silent.`,
  }),
  demo: z.boolean(),
  sqliteSynchronous: z.enum(SQLITE_SYNCHRONOUS, {
    error: (i) =>
      `--sqlite-synchronous / COMPTOIR_SQLITE_SYNCHRONOUS ${shown(i.input)} is not a mode: give full or normal.`,
  }),
  /** where the fiscal chains' heads are kept apart from the database (docs/FISCAL.md); null: not kept */
  fiscalHeads: z.string().nullable(),
  /** where fiscal archives are written (archive_create, comptoir archive) */
  archives: z.string().nullable(),
});
export type Config = z.infer<typeof configSchema>;

/** An environment value, or undefined for "" and for a Claude Desktop bundle's setting left empty (its `${user_config.x}` placeholder). */
const setting = (v: string | undefined) =>
  v === undefined || /^\$\{user_config\.[\w.-]+\}$/.test(v) ? undefined : v;

export function loadDotEnv(file = '.env'): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT' && !isDanglingLink(file)) return;
    throw new ConfigError(
      `${path.resolve(file)} cannot be read (${(error as Error).message}): fix it or remove it.`,
    );
  }
  if (!stat.isFile())
    throw new ConfigError(
      `${path.resolve(file)} is not a regular file: the settings file must be a text file of NAME=value lines.`,
    );
  if (stat.size > 1024 * 1024)
    throw new ConfigError(
      `${path.resolve(file)} is ${stat.size} bytes: a settings file of NAME=value lines is far smaller; check it.`,
    );
  try {
    fs.accessSync(file, fs.constants.R_OK);
    // Node would cut a value at a NUL byte, silently: a database path cut short names another file
    const nul = fs.readFileSync(file).indexOf(0);
    if (nul >= 0) {
      const line = fs.readFileSync(file).subarray(0, nul).toString('utf8').split('\n').length;
      throw new ConfigError(
        `${path.resolve(file)} holds a NUL character (line ${line}): write that line again as text.`,
      );
    }
    process.loadEnvFile(file);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(
      `${path.resolve(file)} cannot be read (${(error as Error).message}): fix it or remove it.`,
      { cause: error },
    );
  }
}

function isDanglingLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

export class ConfigError extends Error {}

/**
 * The tool sets a server serves (`--toolsets`, else COMPTOIR_TOOLSETS; undefined: every set), read only
 * by the commands that serve (a wrong setting does not stop `keys list`).
 */
export function servedToolsets(
  flags: { toolsets?: string | undefined },
  env: NodeJS.ProcessEnv,
): Toolset[] | undefined {
  return parseToolsets(
    flags.toolsets ?? setting(env.COMPTOIR_TOOLSETS),
    flags.toolsets !== undefined ? '--toolsets' : 'COMPTOIR_TOOLSETS',
  );
}

/**
 * "sales,reports" (or "all") as tool sets (mcp/toolsets.ts), from `where` (the flag or setting, named
 * in the error). Nothing, or "all", is every set: undefined.
 */
export function parseToolsets(text: string | undefined, where: string): Toolset[] | undefined {
  if (text === undefined || text.trim() === '' || text.trim().toLowerCase() === 'all') return undefined;
  const { toolsets, unknown } = toolsetsIn(text);
  if (unknown.length > 0 || toolsets.length === 0)
    throw new ConfigError(
      `${where} ${shown(text)}: ${unknown.length > 0 ? `unknown tool set ${unknown.map(shown).join(', ')}` : 'no tool set named'}; give all, or some of ${TOOLSET_NAMES.join(', ')} (comma-separated).`,
    );
  return toolsets;
}

/** `~/shop.db` as a shell would read it (a bundle's setting or a .env does not go through one). */
/**
 * Where the fiscal chains' heads are kept apart (COMPTOIR_FISCAL_HEADS: a file, or "off"): by default a
 * file beside a SQLite database, and for PostgreSQL one per server and database under ~/.comptoir (each
 * node keeps the heads it wrote; any of them shows a database put back from an older copy).
 */
export function fiscalHeadsFile(db: string, setting: string | undefined): string | null {
  if (setting !== undefined && setting.trim() !== '')
    return setting.trim().toLowerCase() === 'off' ? null : path.resolve(homeExpanded(setting.trim()));
  if (db === ':memory:') return null;
  if (!isPostgresUrl(db)) return `${path.resolve(db)}.fiscal-heads.json`;
  let where = db;
  try {
    const url = new URL(db);
    where = `${url.hostname}:${url.port || 5432}${url.pathname}`;
  } catch {
    // checkPostgresUrl has refused a URL that does not parse
  }
  const id = createHash('sha256').update(where).digest('hex').slice(0, 16);
  return path.join(os.homedir(), '.comptoir', `fiscal-heads-${id}.json`);
}

/** Where fiscal archives go (COMPTOIR_ARCHIVES): by default a directory beside a SQLite file, else ~/.comptoir/archives. */
export function archivesDirectory(db: string, setting: string | undefined): string | null {
  if (setting !== undefined && setting.trim() !== '') return path.resolve(homeExpanded(setting.trim()));
  if (db === ':memory:') return null;
  if (!isPostgresUrl(db)) return `${path.resolve(db)}.archives`;
  return path.join(os.homedir(), '.comptoir', 'archives');
}

function homeExpanded(db: string): string {
  return db === '~' || db.startsWith('~/') ? path.join(os.homedir(), db.slice(1)) : db;
}

export function parseConfig(
  flags: {
    db?: string | undefined;
    shop?: string | undefined;
    'log-level'?: string | undefined;
    empty?: boolean | undefined;
    'sqlite-synchronous'?: string | undefined;
  },
  env: NodeJS.ProcessEnv,
): Config {
  const parsed = configSchema.safeParse({
    db: homeExpanded(flags.db ?? (setting(env.COMPTOIR_DB) || defaultDbPath())),
    shop: flags.shop ?? (setting(env.COMPTOIR_SHOP) || undefined),
    logLevel: flags['log-level'] ?? (env.COMPTOIR_LOG_LEVEL || 'info'),
    demo: !(flags.empty ?? false),
    sqliteSynchronous: (
      flags['sqlite-synchronous'] ??
      (env.COMPTOIR_SQLITE_SYNCHRONOUS || 'full')
    ).toLowerCase(),
    fiscalHeads: null,
    archives: null,
  });
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => i.message).join('\n'));
  checkDbLocation(parsed.data.db, flags.db === undefined && !setting(env.COMPTOIR_DB));
  return {
    ...parsed.data,
    fiscalHeads: fiscalHeadsFile(parsed.data.db, setting(env.COMPTOIR_FISCAL_HEADS)),
    archives: archivesDirectory(parsed.data.db, setting(env.COMPTOIR_ARCHIVES)),
  };
}

/**
 * A database location that cannot work is refused before anything is created: a URL of another
 * database (only SQLite files and postgres:// URLs are spoken), a SQLite file in a directory that does
 * not exist (only the default's directory, ~/.comptoir, is made), a directory given as the file.
 */
export function checkDbLocation(db: string, isDefault: boolean): void {
  if (db === ':memory:') return;
  if (db.includes('\0'))
    throw new ConfigError(
      '--db / COMPTOIR_DB holds a NUL character: write the path or URL again (a .env line cut short?).',
    );
  if (isPostgresUrl(db)) return checkPostgresUrl(db);
  const scheme = /^([a-z][\w+.-]*):\/\//i.exec(db)?.[1];
  if (scheme)
    throw new ConfigError(
      `--db / COMPTOIR_DB ${shown(db)}: Comptoir speaks SQLite (a file path) and PostgreSQL (postgres://user:pass@host:5432/name), not ${scheme}.`,
    );
  if (isDefault) return;
  const file = path.resolve(db);
  const dir = path.dirname(file);
  if (!fs.existsSync(dir))
    throw new ConfigError(
      `--db / COMPTOIR_DB ${shown(db)}: the directory ${dir} does not exist. Create it first (mkdir -p ${dir}) or choose another file.`,
    );
  if (!fs.statSync(dir).isDirectory())
    throw new ConfigError(`--db / COMPTOIR_DB ${shown(db)}: ${dir} is a file, not a directory.`);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory())
    throw new ConfigError(
      `--db / COMPTOIR_DB ${shown(db)} is a directory: name a file in it, e.g. ${path.join(db, 'comptoir.db')}.`,
    );
}

/** A PostgreSQL URL that the driver can read: one host, a port that exists, no stray `#` or `?` in it. */
function checkPostgresUrl(db: string): void {
  const masked = db.replace(/^(\w+:\/\/[^:/@]*):.*@/, '$1:…@');
  const fix =
    'percent-encode the special characters of the user and password (@ → %40, / → %2F, # → %23, ? → %3F, : → %3A)';
  let url: URL;
  try {
    url = new URL(db);
  } catch {
    throw new ConfigError(
      `--db / COMPTOIR_DB ${masked} is not a valid URL (postgres://user:pass@host:5432/name): check the port (1–65535), and ${fix}.`,
    );
  }
  if (url.hash || !url.hostname)
    throw new ConfigError(`--db / COMPTOIR_DB ${masked} is cut short by a # or has no host: ${fix}.`);
  const moved = ['host', 'port', 'user', 'password', 'database'].filter((k) => url.searchParams.has(k));
  if (moved.length > 0)
    throw new ConfigError(
      `--db / COMPTOIR_DB ${db.replace(/\?.*$/, '?…')} gives ${moved.join(', ')} after the ?: write them in the URL itself (postgres://user:pass@host:5432/name), where they are checked.`,
    );
}

/** A whole number from `min` to `max`, given as a number or as digits (the value named when refused). */
const intIn = (name: string, min: number, max: number) =>
  z.union([z.number(), z.string().trim()]).transform((v, ctx) => {
    const n = typeof v === 'number' ? v : /^\d+$/.test(v) ? Number(v) : NaN;
    if (Number.isInteger(n) && n >= min && n <= max) return n;
    ctx.addIssue({
      code: 'custom',
      message: `${name} ${shown(v)} is not a whole number from ${min} to ${max}.`,
    });
    return z.NEVER;
  });

const list = z
  .string()
  .optional()
  .transform((s) =>
    (s ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );

const httpConfigSchema = z.object({
  host: z.string().min(1, 'COMPTOIR_HOST / --host must name an interface (127.0.0.1, 0.0.0.0, ::)'),
  port: intIn('COMPTOIR_PORT / --port', 0, 65535),
  allowedOrigins: list.pipe(
    z.array(
      z.url({
        protocol: /^https?$/,
        error:
          'COMPTOIR_ALLOWED_ORIGINS must be comma-separated http(s) origins such as https://app.example.com',
      }),
    ),
  ),
  allowedHosts: list,
  sessionIdleSeconds: intIn('COMPTOIR_SESSION_IDLE_SECONDS', 1, 7 * 24 * 3600),
  maxSessions: intIn('COMPTOIR_MAX_SESSIONS', 1, 1_000_000),
  maxSessionsPerKey: intIn('COMPTOIR_MAX_SESSIONS_PER_KEY', 1, 1_000_000),
  rateLimitPerKey: intIn('COMPTOIR_RATE_LIMIT_PER_KEY', 0, 1_000_000),
  rateLimitPerAddress: intIn('COMPTOIR_RATE_LIMIT_PER_ADDRESS', 0, 1_000_000),
  rateLimitPerCredential: intIn('COMPTOIR_RATE_LIMIT_PER_CREDENTIAL', 0, 1_000_000),
  maxBodyKb: intIn('COMPTOIR_MAX_BODY_KB', 1, 100 * 1024),
  trustProxy: z.enum(['true', 'false', '1', '0', ''], {
    error: 'COMPTOIR_TRUST_PROXY must be true or false',
  }),
  redisUrl: z
    .url({ protocol: /^rediss?$/, error: 'REDIS_URL must be a redis:// or rediss:// URL' })
    .optional(),
  redisPrefix: z
    .string()
    .regex(/^[\w:.-]{1,64}$/, 'COMPTOIR_REDIS_PREFIX must be 1 to 64 letters, digits, or _ : . -'),
  shutdownGraceSeconds: intIn('COMPTOIR_SHUTDOWN_GRACE_SECONDS', 0, 3600),
  oauthRegistrationsPerHour: intIn('COMPTOIR_OAUTH_REGISTRATIONS_PER_HOUR', 1, 1_000_000),
  publicUrl: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      let url: URL;
      try {
        url = new URL(v);
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: `COMPTOIR_PUBLIC_URL ${shown(v)} is not a URL: give the address clients use, e.g. https://pos.example.com.`,
        });
        return z.NEVER;
      }
      const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
        ctx.addIssue({
          code: 'custom',
          message: `COMPTOIR_PUBLIC_URL ${shown(v)} must be https:// (http:// only for 127.0.0.1 or localhost): OAuth sends passwords and tokens through it.`,
        });
        return z.NEVER;
      }
      if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username) {
        ctx.addIssue({
          code: 'custom',
          message: `COMPTOIR_PUBLIC_URL ${shown(v)} must be an origin only (scheme, host, port), without a path: MCP is then at <it>/mcp.`,
        });
        return z.NEVER;
      }
      return url.origin;
    }),
});

export interface HttpConfig {
  host: string;
  port: number;
  allowedOrigins: string[];
  allowedHosts: string[];
  sessionIdleMs: number;
  maxSessions: number;
  maxSessionsPerKey: number;
  rateLimitPerKey: number;
  rateLimitPerAddress: number;
  /** failed authentications per minute per (presented credential's first characters, or none) and address */
  rateLimitPerCredential: number;
  maxBodyBytes: number;
  trustProxy: boolean;
  redisUrl?: string;
  /** namespace of this deployment's keys in Redis (two deployments may share one Redis) */
  redisPrefix: string;
  shutdownGraceMs: number;
  /** set: OAuth is on, with this origin as the issuer and <it>/mcp as the resource */
  publicUrl?: string | undefined;
  /** dynamic client registrations per client address per hour */
  oauthRegistrationsPerHour: number;
  /** the tool sets a session is served unless its API key names its own (undefined: every set) */
  toolsets?: Toolset[] | undefined;
}

export const HTTP_DEFAULTS = {
  host: '127.0.0.1',
  port: 8787,
  sessionIdleSeconds: 1800,
  maxSessions: 1000,
  maxSessionsPerKey: 100,
  rateLimitPerKey: 600,
  rateLimitPerAddress: 120,
  rateLimitPerCredential: 10,
  maxBodyKb: 1024,
  shutdownGraceSeconds: 10,
};

export function parseHttpConfig(
  flags: { host?: string | undefined; port?: string | undefined; toolsets?: string | undefined },
  env: NodeJS.ProcessEnv,
): HttpConfig {
  const d = HTTP_DEFAULTS;
  const parsed = httpConfigSchema.safeParse({
    host: flags.host ?? (env.COMPTOIR_HOST || d.host),
    port: flags.port ?? (env.COMPTOIR_PORT || d.port),
    allowedOrigins: env.COMPTOIR_ALLOWED_ORIGINS,
    allowedHosts: env.COMPTOIR_ALLOWED_HOSTS,
    sessionIdleSeconds: env.COMPTOIR_SESSION_IDLE_SECONDS || d.sessionIdleSeconds,
    maxSessions: env.COMPTOIR_MAX_SESSIONS || d.maxSessions,
    maxSessionsPerKey: env.COMPTOIR_MAX_SESSIONS_PER_KEY || d.maxSessionsPerKey,
    rateLimitPerKey: env.COMPTOIR_RATE_LIMIT_PER_KEY || d.rateLimitPerKey,
    rateLimitPerAddress: env.COMPTOIR_RATE_LIMIT_PER_ADDRESS || d.rateLimitPerAddress,
    rateLimitPerCredential: env.COMPTOIR_RATE_LIMIT_PER_CREDENTIAL || d.rateLimitPerCredential,
    maxBodyKb: env.COMPTOIR_MAX_BODY_KB || d.maxBodyKb,
    trustProxy: (env.COMPTOIR_TRUST_PROXY ?? '').toLowerCase(),
    redisUrl: env.REDIS_URL || undefined,
    redisPrefix: env.COMPTOIR_REDIS_PREFIX || 'comptoir',
    shutdownGraceSeconds: env.COMPTOIR_SHUTDOWN_GRACE_SECONDS || d.shutdownGraceSeconds,
    publicUrl: env.COMPTOIR_PUBLIC_URL || undefined,
    oauthRegistrationsPerHour: env.COMPTOIR_OAUTH_REGISTRATIONS_PER_HOUR || 30,
  });
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => i.message).join('\n'));
  const c = parsed.data;
  const toolsets = servedToolsets(flags, env);
  return {
    host: c.host,
    port: c.port,
    allowedOrigins: c.allowedOrigins.map((o) => new URL(o).origin),
    allowedHosts: c.allowedHosts,
    sessionIdleMs: c.sessionIdleSeconds * 1000,
    maxSessions: c.maxSessions,
    maxSessionsPerKey: c.maxSessionsPerKey,
    rateLimitPerKey: c.rateLimitPerKey,
    rateLimitPerAddress: c.rateLimitPerAddress,
    rateLimitPerCredential: c.rateLimitPerCredential,
    maxBodyBytes: c.maxBodyKb * 1024,
    trustProxy: c.trustProxy === 'true' || c.trustProxy === '1',
    redisUrl: c.redisUrl,
    redisPrefix: c.redisPrefix,
    shutdownGraceMs: c.shutdownGraceSeconds * 1000,
    publicUrl: c.publicUrl,
    toolsets,
    oauthRegistrationsPerHour: c.oauthRegistrationsPerHour,
  };
}
