/** `comptoir shops …` and `comptoir keys …`, run as the built command. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPostgresUrl, openDatabase } from '../../src/db/database.js';
import { authenticateKey } from '../../src/modules/keys/keys.service.js';
import { newDatabase, tempDir } from '../helpers.js';

const MAIN = path.resolve('dist/cli/main.js');

function run(db: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, '--db', db, '--log-level', 'warn', ...args], {
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('comptoir shops and keys', () => {
  it('creates shops and keys, lists them without the secret, revokes, and explains bad flags', async () => {
    const db = await newDatabase();
    expect(run(db, 'shops', 'list').out).toMatch(/No shops yet/);
    expect(run(db, 'shops', 'create', '--name', 'Café A')).toMatchObject({
      code: 0,
      out: expect.stringMatching(/Created shop 1/),
    });
    expect(run(db, 'shops', 'create', '--name', 'Bar B', '--demo').code).toBe(0);
    expect(run(db, 'shops', 'list').out).toMatch(/1\tCafé A.*\n2\tBar B/);

    const made = run(db, 'keys', 'create', '--shop', '2', '--scopes', 'sell, read', '--name', 'till');
    expect(made.code).toBe(0);
    const key = /\b(cpt_[\w-]+)/.exec(made.out)?.[1];
    expect(key).toBeDefined();

    // a key that is shown only some tool sets (mcp/toolsets.ts)
    const narrow = run(
      db,
      'keys',
      'create',
      '--shop',
      '2',
      '--scopes',
      'read',
      '--toolsets',
      'Reports,lists',
    );
    expect(narrow.out).toMatch(/Created API key 2 for shop 2, scopes read, tool sets reports,lists\./);

    const listed = run(db, 'keys', 'list');
    expect(listed.out).toMatch(/^id\tshop\tprefix\tscopes\ttoolsets\tstate\tname$/m);
    expect(listed.out).toMatch(/^1\tshop 2\tcpt_\S+…\tread,sell\tdefault\tactive\ttill$/m);
    expect(listed.out).toMatch(/^2\tshop 2\tcpt_\S+…\tread\treports,lists\tactive\tkey for shop 2$/m);
    expect(listed.out).not.toContain(key);

    const handle = openDatabase({ location: db });
    try {
      expect(await authenticateKey(handle, key!)).toMatchObject({ shopId: 2, scopes: ['read', 'sell'] });
      const stored = await handle.selectFrom('api_keys').selectAll().execute();
      expect(JSON.stringify(stored)).not.toContain(key);

      expect(run(db, 'keys', 'revoke', '1').out).toMatch(/Revoked API key 1/);
      expect(await authenticateKey(handle, key!)).toBeNull();
      expect(run(db, 'keys', 'list', '--json').out).toMatch(/"revokedAt": "20/);
    } finally {
      await handle.destroy();
    }

    const bad = [
      { args: ['keys', 'create', '--shop', '2'], says: /needs --scopes/ },
      {
        args: ['keys', 'create', '--shop', '2', '--scopes', 'read,write'],
        says: /--scopes: unknown scope write; the scopes are read, sell, admin/,
      },
      {
        args: ['keys', 'create', '--shop', '2', '--scopes', 'read', '--toolsets', 'sales,orders'],
        says: /--toolsets "sales,orders": unknown tool set "orders"; give all, or some of sales, reports/,
      },
      {
        args: ['keys', 'create', '--shop', '2', '--scopes', 'sell', '--toolsets', 'clients'],
        says: /--scopes sell with --toolsets clients leave the key no tool: lists needs read; clients needs admin\. Give it/,
      },
      {
        args: ['keys', 'create', '--shop', '9', '--scopes', 'read'],
        says: /--shop: no shop has id 9; the shops are 1 \(Café A\), 2 \(Bar B\)/,
      },
      { args: ['keys', 'revoke', '42'], says: /no API key has id 42/ },
      { args: ['keys', 'revoke'], says: /must be a positive whole number/ },
      { args: ['shops', 'create'], says: /needs --name/ },
      {
        args: ['shops', 'create', '--name', 'x'.repeat(201)],
        says: /--name has 201 characters; give at most 200/,
      },
      {
        args: ['keys', 'create', '--shop', '1', '--scopes', 'read', '--name', 'k'.repeat(201)],
        says: /--name has 201/,
      },
      { args: ['keys', 'rotate'], says: /Usage: comptoir keys/ },
    ];
    for (const { args, says } of bad) {
      const r = run(db, ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(says);
    }
  });

  it('refuses a bad HTTP setting at start with a message naming it', async () => {
    const db = await newDatabase();
    const r = spawnSync(process.execPath, [MAIN, 'serve', '--http', '--db', db, '--port', '99999'], {
      encoding: 'utf8',
      env: { ...process.env, COMPTOIR_RATE_LIMIT_PER_KEY: 'lots' },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/COMPTOIR_PORT \/ --port "99999" is not a whole number from 0 to 65535/);
    expect(r.stderr).toMatch(/COMPTOIR_RATE_LIMIT_PER_KEY "lots" is not a whole number/);
  });

  it('reads COMPTOIR_TOOLSETS only to serve: a wrong one stops the server, not the other commands', async () => {
    const db = await newDatabase();
    const env = { ...process.env, COMPTOIR_TOOLSETS: 'sales,tills' };
    const init = spawnSync(process.execPath, [MAIN, 'init', '--db', db, '--log-level', 'warn'], {
      encoding: 'utf8',
      env,
    });
    expect(init.status, init.stderr).toBe(0);
    const keys = spawnSync(process.execPath, [MAIN, 'keys', 'list', '--db', db], { encoding: 'utf8', env });
    expect(keys.status, keys.stderr).toBe(0);
    for (const serve of [['serve'], ['serve', '--http', '--port', '0']]) {
      const r = spawnSync(process.execPath, [MAIN, ...serve, '--db', db], {
        encoding: 'utf8',
        env,
        input: '',
      });
      expect(r.status, serve.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/COMPTOIR_TOOLSETS "sales,tills": unknown tool set "tills"/);
    }
  });

  it('backs a SQLite database up into a new file, and points PostgreSQL to pg_dump', async () => {
    const db = await newDatabase();
    expect(run(db, 'init').code).toBe(0);
    const copy = path.join(tempDir(), 'backup', 'copy.db');
    const r = run(db, 'backup', copy);
    if (isPostgresUrl(db)) {
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/pg_dump/);
      return;
    }
    expect(r).toMatchObject({ code: 0, out: expect.stringMatching(/Copied/) });
    expect(fs.statSync(copy).mode & 0o777).toBe(0o600); // hashes of keys and passwords are in it
    const original = openDatabase({ location: db });
    const restored = openDatabase({ location: copy });
    try {
      const count = async (d: typeof original) =>
        (
          await d
            .selectFrom('orders')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n;
      expect(Number(await count(restored))).toBe(Number(await count(original)));
      expect(Number(await count(restored))).toBeGreaterThan(100);
    } finally {
      await original.destroy();
      await restored.destroy();
    }
    expect(run(db, 'backup', copy)).toMatchObject({
      code: 2,
      err: expect.stringMatching(/exists; name a new file/),
    });
  });
});
