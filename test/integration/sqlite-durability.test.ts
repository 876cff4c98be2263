/**
 * SQLite durability: an acknowledged sale must survive a power cut by default (WAL with
 * synchronous = FULL); --sqlite-synchronous normal / COMPTOIR_SQLITE_SYNCHRONOUS=normal trades it away.
 * The pragmas are read on a real database opened the way `comptoir` opens it (parseConfig → openApp).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openApp } from '../../src/app/bootstrap.js';
import { ConfigError, parseConfig } from '../../src/app/config.js';
import { createLogger } from '../../src/app/logger.js';
import { openDatabase } from '../../src/db/database.js';
import { tempDir } from '../helpers.js';

const MAIN = path.resolve('dist/cli/main.js');

/** The pragmas of a database opened through the real code path. */
async function pragmasOf(flags: { 'sqlite-synchronous'?: string }, env: NodeJS.ProcessEnv = {}) {
  const config = parseConfig({ db: path.join(tempDir(), 'till.db'), empty: true, ...flags }, env);
  const app = await openApp(config, createLogger('silent'));
  try {
    const one = async (pragma: string) =>
      Object.values(
        (await sql.raw<Record<string, unknown>>(`pragma ${pragma}`).execute(app.db)).rows[0] ?? {},
      )[0];
    return {
      synchronous: await one('synchronous'),
      journal: await one('journal_mode'),
      fullfsync: await one('fullfsync'),
    };
  } finally {
    await app.db.destroy();
  }
}

describe('SQLite durability', () => {
  it('opens SQLite in WAL with synchronous = FULL by default', async () => {
    expect(await pragmasOf({})).toEqual({ synchronous: 2, journal: 'wal', fullfsync: 1 });
    // openDatabase's own default too (the benchmarks, the admin tools)
    const db = openDatabase({ location: path.join(tempDir(), 'other.db') });
    try {
      expect((await sql<{ synchronous: number }>`pragma synchronous`.execute(db)).rows).toEqual([
        { synchronous: 2 },
      ]);
    } finally {
      await db.destroy();
    }
  });

  it('synchronous = NORMAL with --sqlite-synchronous normal or COMPTOIR_SQLITE_SYNCHRONOUS=normal', async () => {
    const normal = { synchronous: 1, journal: 'wal', fullfsync: 0 };
    expect(await pragmasOf({ 'sqlite-synchronous': 'normal' })).toEqual(normal);
    expect(await pragmasOf({}, { COMPTOIR_SQLITE_SYNCHRONOUS: 'normal' })).toEqual(normal);
    expect(await pragmasOf({}, { COMPTOIR_SQLITE_SYNCHRONOUS: 'NORMAL' })).toEqual(normal);
    // the flag wins over the environment, as every flag does
    expect(
      (await pragmasOf({ 'sqlite-synchronous': 'full' }, { COMPTOIR_SQLITE_SYNCHRONOUS: 'normal' }))
        .synchronous,
    ).toBe(2);
    // an empty variable is the default
    expect((await pragmasOf({}, { COMPTOIR_SQLITE_SYNCHRONOUS: '' })).synchronous).toBe(2);
  });

  it('refuses another value, naming the setting', () => {
    const bad = () => parseConfig({ db: 'x.db', 'sqlite-synchronous': 'off' }, {});
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(
      '--sqlite-synchronous / COMPTOIR_SQLITE_SYNCHRONOUS "off" is not a mode: give full or normal.',
    );
    expect(() => parseConfig({ db: 'x.db' }, { COMPTOIR_SQLITE_SYNCHRONOUS: 'extra' })).toThrow(
      /COMPTOIR_SQLITE_SYNCHRONOUS "extra" is not a mode: give full or normal/,
    );
  });

  it('comptoir exits with code 2 on a bad value, and --help lists the option', () => {
    const db = path.join(tempDir(), 'never.db');
    const flag = spawnSync(process.execPath, [MAIN, 'init', '--db', db, '--sqlite-synchronous', 'off'], {
      encoding: 'utf8',
    });
    expect(flag.status).toBe(2);
    expect(flag.stderr).toMatch(/--sqlite-synchronous \/ COMPTOIR_SQLITE_SYNCHRONOUS "off" is not a mode/);
    const env = spawnSync(process.execPath, [MAIN, 'init', '--db', db], {
      encoding: 'utf8',
      env: { ...process.env, COMPTOIR_SQLITE_SYNCHRONOUS: 'fast' },
    });
    expect(env.status).toBe(2);
    expect(env.stderr).toMatch(/COMPTOIR_SQLITE_SYNCHRONOUS/);
    const help = spawnSync(process.execPath, [MAIN, '--help'], { encoding: 'utf8' });
    expect(help.stdout).toContain('--sqlite-synchronous <full|normal>');
    expect(help.stdout).toContain('COMPTOIR_SQLITE_SYNCHRONOUS');
  });
});
