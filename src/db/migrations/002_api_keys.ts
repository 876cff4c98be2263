/** API keys: each belongs to one shop, carries scopes, and is stored only as a SHA-256 hash. */
import { addId, type AnyDb } from './helpers.js';

export async function up(db: AnyDb): Promise<void> {
  await addId(db, db.schema.createTable('api_keys'))
    .addColumn('shop_id', 'integer', (c) => c.notNull().references('shops.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('api_keys_shop').on('api_keys').column('shop_id').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('api_keys').execute();
}
