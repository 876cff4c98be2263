/**
 * With COMPTOIR_TEST_DB (npm run test:postgres): checks that the PostgreSQL server answers before any
 * test runs — a missing database is a failure, never a skip — and drops the databases the tests made
 * (another run going on at the same time keeps its own).
 */
import pg from 'pg';
import { TEST_DB_PREFIX } from './helpers.js';

async function withAdmin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Drops this run's databases, and those of runs older than a day (interrupted ones). */
async function dropTestDatabases(url: string, run: string): Promise<void> {
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  await withAdmin(url, async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      `select datname from pg_database where datname like $1`,
      [`${TEST_DB_PREFIX}%`],
    );
    for (const { datname } of rows) {
      const started = parseInt(datname.slice(TEST_DB_PREFIX.length).split('_')[0] ?? '', 36);
      if (datname.startsWith(`${TEST_DB_PREFIX}${run}_`) || !(started > dayAgo))
        await c.query(`drop database if exists ${datname} with (force)`);
    }
  });
}

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  const url = process.env.COMPTOIR_TEST_DB;
  if (!url) return undefined;
  try {
    await withAdmin(url, (c) => c.query('select 1'));
  } catch (error) {
    throw new Error(
      `COMPTOIR_TEST_DB=${url} does not answer (${(error as Error).message}). Start PostgreSQL (see .ci/run) or run npm run test:sqlite.`,
      { cause: error },
    );
  }
  // Test workers start after this and inherit the environment: their databases carry the run's id.
  const run = Date.now().toString(36);
  process.env.COMPTOIR_TEST_RUN = run;
  return () => dropTestDatabases(url, run);
}
