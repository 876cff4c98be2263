/**
 * The built `comptoir` command given bad flags, values, paths and database URLs: one line on stderr
 * naming the value, what is wrong and what to do, exit code 2, no stack trace, and nothing created.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';

const MAIN = path.resolve('dist/cli/main.js');

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    encoding: 'utf8',
    input: '',
    timeout: 30_000,
    env: { ...process.env, COMPTOIR_DB: '', COMPTOIR_SHOP: '', COMPTOIR_LOG_LEVEL: '', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** One line, naming what it should, exit code 2, nothing on stdout, no stack. */
function refused(args: string[], says: RegExp, env?: Record<string, string>) {
  const r = run(args, env);
  expect(r.err).toMatch(says);
  expect(r.err.trim().split('\n')).toHaveLength(1);
  expect(r.err).not.toMatch(/\n\s+at /);
  expect(r.out).toBe('');
  expect(r.code).toBe(2);
  return r.err;
}

describe('the command line refuses what cannot work, in one line and exit code 2', () => {
  const dir = tempDir();
  const db = path.join(dir, 'shop.db');

  it('names unknown options, missing values and misplaced flags', () => {
    refused(['--bogus'], /unknown option --bogus: see comptoir --help/);
    refused(['serve', '--http', '--port', '-1'], /--port was given a value that starts with "-"/);
    refused(['--shop'], /--shop needs a value/);
    refused(['--port', 'abc', '--db', db], /--port is an option of comptoir serve --http/);
    refused(
      ['serve', '--http', '--db', db, '--port', 'abc'],
      /--port "abc" is not a whole number from 0 to 65535/,
    );
    refused(['serve', '--http', '--db', db, '--port', '70000'], /--port "70000" is not a whole number/);
    refused(['--db', db, '--shop', 'abc'], /--shop \/ COMPTOIR_SHOP "abc" is not a shop id/);
    refused(['--db', db, '--log-level', 'loud'], /--log-level \/ COMPTOIR_LOG_LEVEL "loud" is not a level/);
    refused(['frobnicate'], /Unknown command "frobnicate"/);
    refused(['serve', '--http', '--db', db], /COMPTOIR_PORT \/ --port "x"/, { COMPTOIR_PORT: 'x' });
    refused(
      ['serve', '--http', '--db', db],
      /COMPTOIR_PUBLIC_URL "http:\/\/pos\.example\.com" must be https:\/\//,
      {
        COMPTOIR_PUBLIC_URL: 'http://pos.example.com',
      },
    );
    refused(['serve', '--http', '--db', db], /COMPTOIR_PUBLIC_URL .* must be an origin only/, {
      COMPTOIR_PUBLIC_URL: 'https://pos.example.com/comptoir',
    });
    refused(['serve', '--http', '--db', db], /COMPTOIR_PUBLIC_URL "pos" is not a URL/, {
      COMPTOIR_PUBLIC_URL: 'pos',
    });
    expect(fs.existsSync(db)).toBe(false);
  });

  it('refuses a database location that cannot work before creating anything', () => {
    const missing = path.join(dir, 'no', 'such', 'dir', 'x.db');
    refused(['init', '--db', missing], /the directory .*no\/such\/dir does not exist\. Create it first/);
    expect(fs.existsSync(path.join(dir, 'no'))).toBe(false);
    refused(['init', '--db', 'mysql://x'], /"mysql:\/\/x": Comptoir speaks SQLite .* not mysql/);
    expect(fs.existsSync('mysql:')).toBe(false);
    refused(['init', '--db', dir], /is a directory: name a file in it/);
    const notDb = path.join(dir, 'notes.txt');
    fs.writeFileSync(notDb, 'hello, this is not a database at all '.repeat(200));
    refused(['init', '--db', notDb], /is not a SQLite database/);
    refused(['init'], /the directory .* does not exist/, { COMPTOIR_DB: missing });
  });

  it('says why PostgreSQL cannot be used, without the password', () => {
    refused(
      ['init', '--db', 'postgres://postgres:s3cret@127.0.0.1:1/comptoir'],
      /cannot reach PostgreSQL at postgres:\/\/postgres:…@127\.0\.0\.1:1\/comptoir: the connection was refused/,
    );
    const err = refused(
      ['init', '--db', 'postgres://u:s3cret@nohost.invalid/x'],
      /host name does not resolve/,
    );
    expect(err).not.toContain('s3cret');
    if (process.env.COMPTOIR_TEST_DB) {
      const base = new URL(process.env.COMPTOIR_TEST_DB);
      base.pathname = '/comptoir_no_such_database';
      refused(['init', '--db', base.toString()], /has no such database .* create it/);
      base.pathname = '/postgres';
      base.username = 'comptoir_no_such_role';
      refused(['init', '--db', base.toString()], /refused the login .*check the user and password/);
    }
  });

  it("takes a bundle's settings left empty (their placeholders) as not given", () => {
    const home = tempDir();
    const r = run(['init', '--log-level', 'warn'], {
      HOME: home,
      COMPTOIR_DB: '${user_config.database}',
      COMPTOIR_SHOP: '${user_config.shop}',
    });
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(home, '.comptoir', 'comptoir.db'))).toBe(true);
  });

  it('tells how to make the first shop when there is none', () => {
    refused(
      ['keys', 'create', '--shop', '1', '--scopes', 'read', '--db', db],
      /no shop has id 1: the database has no shop yet\. Make one first: comptoir init/,
    );
  });

  it('refuses a flag given twice rather than letting the last one win', () => {
    refused(
      ['keys', 'create', '--shop', '1', '--shop', '2', '--scopes', 'read', '--db', db],
      /--shop is given twice \(1 and 2\): give it once/,
    );
  });

  it('says which PostgreSQL URL the driver cannot read, and a server that never answers', async () => {
    for (const url of [
      'postgres://u:s3c/ret@127.0.0.1:5432/x',
      'postgres://u:s3c#ret@127.0.0.1:5432/x',
      'postgres://u@127.0.0.1:99999/x',
    ])
      expect(
        refused(
          ['shops', 'list', '--db', url],
          /is not a valid URL .* percent-encode the special characters/,
        ),
      ).not.toContain('s3c');
    // what the driver would read after the ? (a port out of range made it exit 0 silently; a password was shown)
    for (const query of ['port=99999', 'password=s3cret', 'host=elsewhere'])
      expect(
        refused(
          ['shops', 'list', '--db', `postgres://u@127.0.0.1:5432/x?${query}`],
          /after the \?: write them in the URL itself/,
        ),
      ).not.toContain('s3cret');
    const nul = tempDir();
    fs.writeFileSync(path.join(nul, '.env'), `COMPTOIR_DB=${nul}/a\u0000b.db\n`);
    const cut = spawnSync(process.execPath, [MAIN, 'shops', 'list'], {
      cwd: nul,
      encoding: 'utf8',
      env: { ...process.env, COMPTOIR_DB: '' },
    });
    expect(cut.stderr).toMatch(/holds a NUL character/);
    expect(fs.readdirSync(nul)).toEqual(['.env']);
    // a service that accepts the connection and says nothing (another protocol on that port)
    const net = await import('node:net');
    const silent = net.createServer(() => undefined).listen(0, '127.0.0.1');
    await new Promise((r) => silent.once('listening', r));
    const port = (silent.address() as { port: number }).port;
    const { spawn } = await import('node:child_process');
    const child = spawn(
      process.execPath,
      [MAIN, 'shops', 'list', '--db', `postgres://u@127.0.0.1:${port}/x`],
      { env: { ...process.env, COMPTOIR_DB: '' } },
    );
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    silent.close();
    expect(err).toMatch(/cannot reach PostgreSQL at .*: no answer within 10 s/);
    expect(code).toBe(2);
  });

  it("refuses another application's database before writing into it", () => {
    const other = path.join(dir, 'other-app.db');
    const kysely = new Database(other);
    kysely.exec('create table users (id integer primary key, login text)');
    kysely.close();
    refused(
      ['shops', 'list', '--db', other],
      /holds another application's tables \(users\) and none of Comptoir's: .*its tables were left as they were/,
    );
    // another Kysely application's migrations
    const kyselyApp = path.join(dir, 'kysely-app.db');
    const k = new Database(kyselyApp);
    k.exec(
      "create table kysely_migration (name text primary key, timestamp text); insert into kysely_migration values ('2024_01_init', 'x')",
    );
    k.close();
    refused(['shops', 'list', '--db', kyselyApp], /holds another application's migrations \(2024_01_init\)/);
    const check = new Database(other, { readonly: true });
    expect(check.prepare('select name from sqlite_master order by name').all()).toEqual([{ name: 'users' }]);
    check.close();
  });

  it('names --host and --port when the address cannot be listened on', async () => {
    refused(
      ['serve', '--http', '--db', db, '--host', 'no such host', '--port', '0'],
      /--host \/ COMPTOIR_HOST "no such host" is neither an address nor a name/,
    );
    const net = await import('node:net');
    const taken = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => taken.once('listening', r));
    const port = String((taken.address() as { port: number }).port);
    const { spawn } = await import('node:child_process');
    const child = spawn(
      process.execPath,
      [MAIN, 'serve', '--http', '--db', db, '--port', port, '--log-level', 'silent'],
      { env: { ...process.env, COMPTOIR_DB: '' } },
    );
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    taken.close();
    expect(err).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use .* --port`));
    expect(code).toBe(2);
  });

  it('reads ~ in a database path, and refuses a .env that is not a text file', () => {
    const home = tempDir();
    const r = run(['init', '--db', '~/shop.db', '--log-level', 'silent'], { HOME: home });
    expect(r.code).toBe(0);
    expect(fs.statSync(path.join(home, 'shop.db')).mode & 0o777).toBe(0o600);
    const cwd = tempDir();
    fs.mkdirSync(path.join(cwd, '.env'));
    const env = spawnSync(process.execPath, [MAIN, 'shops', 'list', '--db', db], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, COMPTOIR_DB: '' },
    });
    expect(env.stderr).toMatch(/\.env is not a regular file/);
    expect(env.status).toBe(2);
  });

  it('shows the stack only with --log-level debug', () => {
    const r = run(['init', '--db', 'postgres://postgres@127.0.0.1:1/x', '--log-level', 'debug']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/connection was refused[\s\S]*\n\s+at /);
  });
});
