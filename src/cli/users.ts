/**
 * `comptoir users …`: the people who log in on the OAuth login page, and the shops they may approve
 * apps for. A password is read from the terminal (not echoed, asked twice) or, with
 * `--password-stdin`, from standard input; never from a flag, which would land in the shell history.
 */
import type { Db } from '../db/database.js';
import { ConfigError } from '../app/config.js';
import { printable } from './admin.js';
import { InputError } from '../domain/errors.js';
import {
  createAccount,
  listAccounts,
  parseRole,
  resetPassword,
  setDisabled,
  type Account,
} from '../modules/accounts/accounts.service.js';
import { listApps, registerClient, revokeApp } from '../modules/accounts/apps.service.js';

export interface UsersFlags {
  email?: string | undefined;
  shop?: string | undefined;
  role?: string | undefined;
  json?: boolean | undefined;
  'password-stdin'?: boolean | undefined;
  name?: string | undefined;
  'redirect-uri'?: string[] | undefined;
}

type Out = (text: string) => void;

const USAGE =
  'Usage: comptoir users create --email <email> --shop <id> --role owner|manager|staff [--password-stdin] | users list [--shop <id>] | users disable <id|email> | users enable <id|email> | users reset-password <id|email> [--password-stdin]';

/** Reads standard input to its end: the password is its first line. */
async function passwordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size > 64 * 1024)
      throw new ConfigError('--password-stdin: standard input is too long for a password.');
  }
  const password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (!password)
    throw new ConfigError('--password-stdin: standard input is empty; pipe the password into it.');
  return password;
}

/** Asks on the terminal without echoing what is typed. */
function ask(prompt: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    process.stderr.write(prompt);
    let typed = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (text: string) => {
      for (const ch of text) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003' || ch === '\u0004') return done(new ConfigError('Cancelled.'));
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function readPassword(flags: UsersFlags): Promise<string> {
  if (flags['password-stdin']) return passwordFromStdin();
  if (!process.stdin.isTTY)
    throw new ConfigError(
      'No terminal to ask the password on: pipe it with --password-stdin (printf %s "$PASSWORD" | comptoir users … --password-stdin).',
    );
  const first = await ask('Password (at least 10 characters, not shown): ');
  const second = await ask('Again: ');
  if (first !== second) throw new ConfigError('The two passwords differ; nothing was changed.');
  return first;
}

function line(a: Account): string {
  const shops = a.shops.map((m) => `${m.shopId}:${m.role}`).join(',') || '-';
  return `${a.id}\t${printable(a.email)}\t${a.disabledAt ? `disabled ${a.disabledAt}` : 'active'}\t${shops}`;
}

function shopFlag(text: string | undefined): number {
  const n = Number(text);
  if (!text || !Number.isInteger(n) || n <= 0)
    throw new ConfigError('--shop must be a positive whole number.');
  return n;
}

export async function usersCommand(
  db: Db,
  action: string | undefined,
  args: string[],
  flags: UsersFlags,
  out: Out,
): Promise<void> {
  const show = (a: Account, text: string) => out(flags.json ? JSON.stringify(a, null, 2) + '\n' : text);
  try {
    if (action === 'list') {
      const accounts = await listAccounts(db, flags.shop === undefined ? undefined : shopFlag(flags.shop));
      if (flags.json) return out(JSON.stringify(accounts, null, 2) + '\n');
      if (accounts.length === 0)
        return out('No users. Create one: comptoir users create --email <email> --shop <id> --role owner\n');
      out('id\temail\tstate\tshops (id:role)\n');
      for (const a of accounts) out(line(a) + '\n');
      return;
    }
    if (action === 'create') {
      if (!flags.email) throw new ConfigError('users create needs --email <email>.');
      if (flags.shop === undefined)
        throw new ConfigError('users create needs --shop <id> (see comptoir shops list).');
      const { account, created } = await createAccount(
        db,
        {
          email: flags.email,
          shopId: shopFlag(flags.shop),
          role: parseRole(flags.role),
          password: () => readPassword(flags),
        },
        new Date(),
      );
      const role = account.shops.find((m) => m.shopId === shopFlag(flags.shop))!.role;
      return show(
        account,
        created
          ? `Created user ${account.id} (${account.email}), ${role} of shop ${flags.shop}.\n`
          : `${account.email} (user ${account.id}) is now ${role} of shop ${flags.shop}; their password is unchanged.\n`,
      );
    }
    if (args.length > 1)
      throw new ConfigError(`users ${action} takes one user, not ${args.length}: run it once per user.`);
    if (action === 'disable' || action === 'enable') {
      if (!args[0]) throw new ConfigError(`Usage: comptoir users ${action} <id|email>.`);
      const a = await setDisabled(db, args[0], action === 'disable', new Date());
      return show(
        a,
        action === 'disable'
          ? `Disabled user ${a.id} (${a.email}): they cannot log in, and the apps they approved are refused from their next request.\n`
          : `Enabled user ${a.id} (${a.email}).\n`,
      );
    }
    if (action === 'reset-password') {
      if (!args[0])
        throw new ConfigError('Usage: comptoir users reset-password <id|email> [--password-stdin].');
      const a = await resetPassword(db, args[0], await readPassword(flags), new Date());
      return show(a, `New password set for user ${a.id} (${a.email}).\n`);
    }
  } catch (error) {
    if (error instanceof InputError) {
      const where =
        error.field === 'user'
          ? `users ${action}`
          : error.field === 'password'
            ? 'password'
            : `--${error.field}`;
      throw new ConfigError(`${where}: ${error.message}.`, { cause: error });
    }
    throw error;
  }
  throw new ConfigError(USAGE);
}

/** `comptoir apps list [--shop <id>]` and `comptoir apps revoke <id>`: the apps approved with OAuth. */
export async function appsCommand(
  db: Db,
  action: string | undefined,
  args: string[],
  flags: UsersFlags,
  out: Out,
): Promise<void> {
  try {
    if (action === 'list') {
      const apps = await listApps(db, flags.shop === undefined ? undefined : shopFlag(flags.shop));
      if (flags.json) return out(JSON.stringify(apps, null, 2) + '\n');
      if (apps.length === 0) return out('No connected apps.\n');
      out('id\tapp\tshop\tapproved by\tscopes\tapproved at\n');
      for (const a of apps)
        out(
          `${a.id}\t${printable(a.client)}\t${a.shopId}\t${printable(a.email)}\t${a.scopes.join(',')}\t${a.approvedAt}\n`,
        );
      return;
    }
    if (action === 'register') {
      const c = await registerClient(db, {
        name: flags.name ?? '',
        redirectUris: flags['redirect-uri'] ?? [],
      });
      if (flags.json) return out(JSON.stringify(c, null, 2) + '\n');
      return out(
        `Registered ${printable(c.name)}: client_id ${c.clientId} (a public client: PKCE, no secret), redirect URIs ${c.redirectUris.join(' ')}.\n`,
      );
    }
    if (action === 'revoke') {
      if (args.length > 1)
        throw new ConfigError(`apps revoke takes one id, not ${args.length}: run it once per app.`);
      if (!args[0]) throw new ConfigError('Usage: comptoir apps revoke <id> (see comptoir apps list).');
      const a = await revokeApp(db, args[0]);
      if (flags.json) return out(JSON.stringify(a, null, 2) + '\n');
      return out(
        `Revoked ${printable(a.client)} (app ${a.id}) of shop ${a.shopId}: its tokens are refused from its next request, on every node.\n`,
      );
    }
  } catch (error) {
    if (error instanceof InputError)
      throw new ConfigError(
        `${error.field === 'id' ? `apps ${action ?? ''}` : `--${error.field}`}: ${error.message}.`,
        {
          cause: error,
        },
      );
    throw error;
  }
  throw new ConfigError(
    'Usage: comptoir apps list [--shop <id>] | apps revoke <id> | apps register --name <name> --redirect-uri <uri> [--redirect-uri <uri>…]',
  );
}
