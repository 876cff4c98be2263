import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.js';
import * as m001 from './migrations/001_core.js';
import * as m002 from './migrations/002_api_keys.js';
import * as m003 from './migrations/003_shop_indexes.js';
import * as m004 from './migrations/004_reports.js';
import * as m005 from './migrations/005_wide_sums.js';
import * as m006 from './migrations/006_operation_names.js';
import * as m007 from './migrations/007_management.js';
import * as m008 from './migrations/008_line_product_title.js';
import * as m009 from './migrations/009_accounts_oauth.js';
import * as m010 from './migrations/010_key_toolsets.js';
import * as m011 from './migrations/011_catalog_versions.js';
import * as m012 from './migrations/012_fiscal.js';

/** Migrations are compiled into the program (no directory scan), in order. */
const migrations: Record<string, Migration> = {
  '001_core': m001,
  '002_api_keys': m002,
  '003_shop_indexes': m003,
  '004_reports': m004,
  '005_wide_sums': m005,
  '006_operation_names': m006,
  '007_management': m007,
  '008_line_product_title': m008,
  '009_accounts_oauth': m009,
  '010_key_toolsets': m010,
  '011_catalog_versions': m011,
  '012_fiscal': m012,
};

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

/**
 * A database that holds tables but none of Comptoir's migrations is another application's: refused
 * before anything is written into it.
 */
async function refuseForeign(db: Db): Promise<void> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (tables.length === 0) return;
  if (tables.some((t) => t.name === 'kysely_migration')) {
    const done = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    const theirs = done.rows.map((r) => r.name).filter((n) => !(n in migrations));
    if (theirs.length === 0) return;
    throw new ForeignDatabaseError(
      `holds another application's migrations (${theirs.slice(0, 3).join(', ')}): name a new file or an empty database (--db / COMPTOIR_DB); its tables were left as they were.`,
    );
  }
  const names = tables.map((t) => t.name).sort();
  throw new ForeignDatabaseError(
    `holds another application's tables (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}) and none of Comptoir's: name a new file or an empty database (--db / COMPTOIR_DB); its tables were left as they were.`,
  );
}

export class ForeignDatabaseError extends Error {}

export async function migrateToLatest(db: Db): Promise<void> {
  await refuseForeign(db);
  const migrator = new Migrator({ db, provider: new StaticProvider() });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const cause = error instanceof Error ? error : new Error(String(error));
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${cause.message}`, { cause });
  }
}

/** Migrates up or down to `target` (a migration's name): for tests of an upgrade from an older version. */
export async function migrateTo(db: Db, target: string): Promise<void> {
  const migrator = new Migrator({ db, provider: new StaticProvider() });
  const { error } = await migrator.migrateTo(target);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
