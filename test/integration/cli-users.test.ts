/**
 * `comptoir users …` against the built command, on SQLite and PostgreSQL: people who log in to approve
 * apps (OAuth), their shops and roles, disabled accounts, passwords never taken from a flag, never
 * stored in clear, and every refusal in one line with exit code 2.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { newDatabase } from '../helpers.js';
import { openDatabase } from '../../src/db/database.js';
import { authenticate } from '../../src/modules/accounts/accounts.service.js';

const MAIN = path.resolve('dist/cli/main.js');

describe('comptoir users', () => {
  let db = '';
  const run = (args: string[], input = '') => {
    const r = spawnSync(process.execPath, [MAIN, ...args, '--db', db, '--log-level', 'silent'], {
      encoding: 'utf8',
      input,
      timeout: 60_000,
      env: { ...process.env, COMPTOIR_DB: '', COMPTOIR_SHOP: '' },
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const refused = (args: string[], says: RegExp, input = '') => {
    const r = run(args, input);
    expect(r.err).toMatch(says);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.code).toBe(2);
  };

  beforeAll(async () => {
    db = await newDatabase('users');
    expect(run(['init']).code).toBe(0);
    expect(run(['shops', 'create', '--name', 'Second shop']).code).toBe(0);
  });

  it('creates a user with a password from stdin, stored only as a scrypt hash', async () => {
    const r = run(
      [
        'users',
        'create',
        '--email',
        ' Marie@Example.FR ',
        '--shop',
        '1',
        '--role',
        'owner',
        '--password-stdin',
      ],
      'un café, deux croissants\n',
    );
    expect(r.err).toBe('');
    expect(r.out).toMatch(/Created user 1 \(marie@example\.fr\), owner of shop 1/);
    const kysely = openDatabase({ location: db });
    try {
      const row = await kysely.selectFrom('accounts').selectAll().executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$3\$/);
      expect(row.password_hash).not.toContain('croissant');
      expect((await authenticate(kysely, 'MARIE@example.fr', 'un café, deux croissants'))?.id).toBe(1);
      expect(await authenticate(kysely, 'marie@example.fr', 'un café, deux croissant')).toBeUndefined();
      expect(await authenticate(kysely, 'nobody@example.fr', 'un café, deux croissants')).toBeUndefined();
    } finally {
      await kysely.destroy();
    }
  });

  it('gives an existing user another shop without asking for a password, and lists them by shop', () => {
    const r = run(['users', 'create', '--email', 'marie@example.fr', '--shop', '2', '--role', 'staff']);
    expect(r.out).toMatch(/is now staff of shop 2; their password is unchanged/);
    const list = JSON.parse(run(['users', 'list', '--shop', '2', '--json']).out) as {
      email: string;
      shops: { shopId: number; role: string }[];
    }[];
    expect(list).toHaveLength(1);
    expect(list[0]!.shops.map((s) => `${s.shopId}:${s.role}`)).toEqual(['1:owner', '2:staff']);
  });

  it('takes the same email written with composed or decomposed accents as one user', () => {
    const nfd = 'u\u0308ni@exa\u0308mple.fr';
    const create = (email: string) =>
      run(
        ['users', 'create', '--email', email, '--shop', '1', '--role', 'staff', '--password-stdin'],
        'long enough password\n',
      );
    expect(create(nfd).out).toMatch(/Created user/);
    expect(create(nfd.normalize('NFC')).out).toMatch(/is now staff of shop 1; their password is unchanged/);
  });

  it('disables and enables a user; a disabled user cannot log in', async () => {
    expect(run(['users', 'disable', 'marie@example.fr']).out).toMatch(/Disabled user 1/);
    const kysely = openDatabase({ location: db });
    try {
      expect(await authenticate(kysely, 'marie@example.fr', 'un café, deux croissants')).toBeUndefined();
      expect(run(['users', 'enable', '1']).out).toMatch(/Enabled user 1/);
      expect((await authenticate(kysely, 'marie@example.fr', 'un café, deux croissants'))?.id).toBe(1);
      expect(
        run(['users', 'reset-password', 'marie@example.fr', '--password-stdin'], 'a new long passphrase\n')
          .code,
      ).toBe(0);
      expect(await authenticate(kysely, 'marie@example.fr', 'un café, deux croissants')).toBeUndefined();
      expect((await authenticate(kysely, 'marie@example.fr', 'a new long passphrase'))?.id).toBe(1);
    } finally {
      await kysely.destroy();
    }
  });

  it('prints names without their control characters (a name cannot move the cursor or add a line)', () => {
    const made = run(['shops', 'create', '--name', 'Evil\u001b[2J\nshop\tname\u202e']);
    expect(made.code).toBe(0);
    expect(made.out).toContain('(Evil?[2J?shop?name?)');
    const list = run(['shops', 'list']).out;
    // eslint-disable-next-line no-control-regex -- looking for control characters
    expect(list).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    expect(list).toContain('Evil?[2J?shop?name');
    expect(list.trim().split('\n')).toHaveLength(3);
  });

  it('refuses, in one line and exit code 2, what cannot work — and creates nothing', () => {
    const create = ['users', 'create', '--email', 'paul@example.fr', '--shop', '1', '--role', 'staff'];
    refused(
      [...create, '--password-stdin'],
      /password: this password cannot be used: it has 5 characters; use at least 10/,
      'short\n',
    );
    refused([...create, '--password-stdin'], /--password-stdin: standard input is empty/);
    refused(create, /No terminal to ask the password on: pipe it with --password-stdin/);
    refused(
      ['users', 'create', '--email', 'paul@example.fr', '--shop', '1', '--role', 'boss'],
      /--role: unknown role "boss"; the roles are owner, manager, staff/,
    );
    refused(
      ['users', 'create', '--email', 'not an email', '--shop', '1', '--role', 'staff', '--password-stdin'],
      /--email: "not an email" is not an email address/,
      'long enough password\n',
    );
    refused(
      ['users', 'create', '--email', 'paul@example.fr', '--shop', '9', '--role', 'staff', '--password-stdin'],
      /--shop: no shop has id 9; the shops are 1 \(.*\), 2 \(Second shop\)/,
      'long enough password\n',
    );
    refused(
      ['users', 'create', '--email', 'paul@example.fr', '--shop', 'x', '--role', 'staff'],
      /--shop must be a positive whole number/,
    );
    refused(
      ['users', 'disable', 'nobody@example.fr'],
      /users disable: no user is nobody@example\.fr; see comptoir users list/,
    );
    refused(['users', 'bogus'], /Usage: comptoir users create --email/);
    refused(['users', 'disable', '1', '2'], /users disable takes one user, not 2/);
    refused(['keys', 'revoke', '1', '2'], /keys revoke takes one id, not 2/);
    refused(['users', 'create', '--password', 'x'], /unknown option --password/);
    expect(JSON.parse(run(['users', 'list', '--json']).out)).toHaveLength(2);
  });
});
