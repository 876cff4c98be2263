/**
 * People who log in (owners, managers, staff: the login page of OAuth), the shops each may act for,
 * and the authorization server's state (clients, codes, tokens, grants, interactions), kept in the
 * database so that every step of a flow may land on another node.
 */
import { addId, type AnyDb } from './helpers.js';

export async function up(db: AnyDb): Promise<void> {
  await addId(db, db.schema.createTable('accounts'))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('password_changed_at', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'text')
    .execute();
  await db.schema
    .createTable('account_shops')
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id'))
    .addColumn('shop_id', 'integer', (c) => c.notNull().references('shops.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_shops_pk', ['account_id', 'shop_id'])
    .execute();
  await db.schema.createIndex('account_shops_shop').on('account_shops').column('shop_id').execute();

  // One row per stored object of the authorization server: `model` is its kind (Client, Grant,
  // AuthorizationCode, AccessToken, RefreshToken, Session, Interaction, …), `payload` its JSON.
  await db.schema
    .createTable('oauth_objects')
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('grant_id', 'text')
    .addColumn('uid', 'text')
    .addColumn('expires_at', 'bigint')
    .addColumn('consumed_at', 'bigint')
    .addPrimaryKeyConstraint('oauth_objects_pk', ['model', 'id'])
    .execute();
  await db.schema.createIndex('oauth_objects_grant').on('oauth_objects').column('grant_id').execute();
  await db.schema.createIndex('oauth_objects_uid').on('oauth_objects').columns(['model', 'uid']).execute();
  await db.schema.createIndex('oauth_objects_expiry').on('oauth_objects').column('expires_at').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('oauth_objects').execute();
  await db.schema.dropTable('account_shops').execute();
  await db.schema.dropTable('accounts').execute();
}
