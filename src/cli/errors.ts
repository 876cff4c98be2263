/**
 * What the command line says when it cannot go on: one line naming the value, what was wrong and what
 * to do, and exit code 2 for anything the person running it can fix (a flag, a path, a database URL, a
 * database that is down or missing); exit code 1 and the error's message for the rest. The stack
 * trace only with --log-level debug (or trace).
 */
import { ConfigError } from '../app/config.js';
import { isPostgresUrl } from '../db/database.js';
import { ListenError } from '../http/listen-error.js';
import { ForeignDatabaseError } from '../db/migrate.js';

/** A URL's password left out of a message. */
export const withoutPassword = (url: string) => url.replace(/^(\w+:\/\/[^:/@]*):.*@/, '$1:…@');

/** node:util parseArgs' refusals, said with the flag named and the way out. */
function argumentError(error: Error & { code: string }): string | undefined {
  const flag = /'(-[^' ]+)/.exec(error.message)?.[1];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${flag ?? ''}: see comptoir --help for the options.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/argument missing/.test(error.message))
        return `${flag ?? 'an option'} needs a value (${flag ?? 'option'} <value>): see comptoir --help.`;
      if (/ambiguous/.test(error.message))
        return `${flag ?? 'an option'} was given a value that starts with "-": write it ${flag ?? '--option'}=<value> if you mean it (a port or an id is never negative).`;
      return `${flag ?? 'an option'}: ${error.message}. See comptoir --help.`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `${error.message}. See comptoir --help.`;
    default:
      return undefined;
  }
}

/** The errors chained by `cause` (a migration's failure wraps the driver's). */
function* chain(error: unknown): Generator<Error & { code?: unknown; errors?: unknown[] }> {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    yield e as Error & { code?: unknown };
    e = (e as { cause?: unknown }).cause;
  }
}

/** A database that cannot be opened or reached, said in the words of the one who runs Comptoir. */
function databaseError(error: unknown, db: string | undefined): string | undefined {
  const where = db === undefined ? 'the database' : isPostgresUrl(db) ? withoutPassword(db) : db;
  for (const e of chain(error)) {
    const nested = Array.isArray(e.errors) ? (e.errors[0] as { code?: unknown } | undefined) : undefined;
    const code = typeof e.code === 'string' ? e.code : typeof nested?.code === 'string' ? nested.code : '';
    switch (code) {
      case 'ECONNREFUSED':
        return `cannot reach PostgreSQL at ${where}: the connection was refused. Is the server running, on that host and port? (--db / COMPTOIR_DB)`;
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return `cannot reach PostgreSQL at ${where}: the host name does not resolve. Check the host in --db / COMPTOIR_DB.`;
      case 'ETIMEDOUT':
        return `cannot reach PostgreSQL at ${where}: the connection timed out. Check the host, the port and the firewall.`;
      case '3D000':
        return `PostgreSQL at ${where} has no such database (${e.message}): create it (createdb <name>) or name another one in --db / COMPTOIR_DB.`;
      case '28P01':
      case '28000':
        return `PostgreSQL refused the login at ${where} (${e.message}): check the user and password in --db / COMPTOIR_DB.`;
      case 'ECONNRESET':
        return `cannot talk to PostgreSQL at ${where}: the server closed the connection. Is it PostgreSQL on that port? (--db / COMPTOIR_DB)`;
      case 'SQLITE_CANTOPEN':
        return `cannot open the SQLite file ${where}: check that its directory exists and that this user may write there (--db / COMPTOIR_DB).`;
      case 'SQLITE_NOTADB':
        return `${where} is not a SQLite database (${e.message}): name a new file, or the database Comptoir made (--db / COMPTOIR_DB).`;
      case 'SQLITE_READONLY':
      case 'EROFS':
        return `${where} cannot be written (read-only): Comptoir writes every sale; give this user write access or choose another file.`;
      case 'EACCES':
      case 'EPERM':
        return `permission denied on ${where} or its directory: give this user access, or choose another file with --db / COMPTOIR_DB.`;
      case 'ENOTDIR':
      case 'EISDIR':
        return `${where} is not a usable file path (${e.message}): name a file such as ~/comptoir/shop.db.`;
      default:
    }
    if (db !== undefined && isPostgresUrl(db)) {
      if (/connection timeout|timeout exceeded when trying to connect/i.test(e.message))
        return `cannot reach PostgreSQL at ${where}: no answer within 10 s. Is it PostgreSQL on that host and port? (--db / COMPTOIR_DB)`;
      if (/Connection terminated unexpectedly/i.test(e.message))
        return `cannot talk to PostgreSQL at ${where}: the server closed the connection. Is it PostgreSQL on that host and port? (--db / COMPTOIR_DB)`;
      if (/does not support SSL/i.test(e.message))
        return `PostgreSQL at ${where} does not take SSL connections: remove sslmode from --db / COMPTOIR_DB, or turn SSL on in the server.`;
    }
  }
  return undefined;
}

/** SQLite's native module built for another platform or Node.js (a copied node_modules, a bundle). */
function nativeModuleError(error: unknown): string | undefined {
  for (const e of chain(error))
    if (e.code === 'ERR_DLOPEN_FAILED' || /Could not locate the bindings file/.test(e.message)) {
      const first = e.message.split('\n')[0]!.slice(0, 300);
      return `SQLite's native module (better-sqlite3) cannot be loaded by this Node.js ${process.version} on ${process.platform}-${process.arch} (${first}). It was built for another Node.js or system, or never built: run npm rebuild better-sqlite3 in a clone, reinstall comptoir, or install the Claude Desktop bundle built for this system.`;
    }
  return undefined;
}

/** The line to print for `error` and the exit code. */
export function explain(
  error: unknown,
  context: { db?: string | undefined; debug: boolean },
): { message: string; code: number } {
  if (error instanceof ConfigError || error instanceof ListenError)
    return { message: error.message, code: 2 };
  const e = error as Error & { code?: unknown };
  if (error instanceof TypeError && typeof e.code === 'string') {
    const said = argumentError(e as Error & { code: string });
    if (said) return { message: said, code: 2 };
  }
  if (error instanceof ForeignDatabaseError) {
    const where = context.db === undefined ? 'the database' : withoutPassword(context.db);
    return { message: `${where} ${error.message}`, code: 2 };
  }
  const db = databaseError(error, context.db) ?? nativeModuleError(error);
  if (db) return { message: context.debug ? `${db}\n${e.stack ?? ''}` : db, code: 2 };
  if (!(error instanceof Error)) return { message: String(error), code: 1 };
  return {
    message: context.debug
      ? (error.stack ?? error.message)
      : `${error.message} (run with --log-level debug for the details)`,
    code: 1,
  };
}
