/**
 * The shop managed by its owner: archived reference data (what a recorded order names is never
 * deleted), the product fields Kash has, the shop's own details, the stock movements, the journal of
 * management changes and the idempotency keys of management writes (which replay a stored result).
 */
import { addId, isPostgres, type AnyDb } from './helpers.js';

/** Tables whose rows an order may name: deleting one that is used archives it instead. */
const ARCHIVABLE = [
  'vat_rates',
  'department_groups',
  'departments',
  'variation_groups',
  'variation_choices',
  'discounts',
  'clients',
  'users',
  'cashboxes',
  'dining_tables',
  'payment_methods',
  'delivery_zones',
  'relay_points',
  'delivery_men',
];

const SHOP_COLUMNS = [
  'address',
  'zip',
  'city',
  'country',
  'phone',
  'email',
  'legal_form',
  'siret',
  'vat_number',
  'receipt_header',
  'receipt_footer',
];

export async function up(db: AnyDb): Promise<void> {
  for (const t of ARCHIVABLE) await db.schema.alterTable(t).addColumn('archived_at', 'text').execute();

  const add = (table: string, column: string, type: 'text' | 'integer', dflt?: number) =>
    db.schema
      .alterTable(table)
      .addColumn(column, type, (c) => (dflt === undefined ? c : c.notNull().defaultTo(dflt)))
      .execute();
  await add('products', 'description', 'text');
  await add('products', 'buying_price', 'integer');
  await add('products', 'internal_id', 'text');
  await add('products', 'discount_id', 'integer');
  await add('products', 'position', 'integer', 0);
  await add('products', 'keyboard_hide', 'integer', 0);
  await add('products', 'archived_at', 'text');
  await add('department_groups', 'position', 'integer', 0);
  await add('departments', 'position', 'integer', 0);
  await add('variation_choices', 'description', 'text');
  await add('variation_choices', 'unavailable', 'integer', 0);
  await add('payment_methods', 'position', 'integer', 0);
  for (const c of ['title', 'vat_number', 'registration_number', 'comment', 'address2'])
    await add('clients', c, 'text');
  await add('clients', 'blacklist', 'integer', 0);
  await add('users', 'email', 'text');
  await add('users', 'phone', 'text');
  for (const c of SHOP_COLUMNS) await add('shops', c, 'text');

  // Every stock movement of a product: sale, refund, adjustment, count. `quantity` is the change, `stock`
  // the level after it; `order_id` the sale or credit note that moved it.
  const big = isPostgres(db) ? 'bigint' : 'integer';
  await addId(db, db.schema.createTable('stock_movements'))
    .addColumn('shop_id', 'integer', (c) => c.notNull().references('shops.id'))
    .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('quantity', big, (c) => c.notNull())
    .addColumn('stock', big, (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('order_id', 'integer')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('stock_movements_product')
    .on('stock_movements')
    .columns(['shop_id', 'product_id', 'id'])
    .execute();

  // The journal of management changes: who, when, through which tool, the values before and after (JSON).
  await addId(db, db.schema.createTable('audit_log'))
    .addColumn('shop_id', 'integer', (c) => c.notNull().references('shops.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .execute();
  await db.schema.createIndex('audit_log_shop').on('audit_log').columns(['shop_id', 'id']).execute();

  await db.schema
    .createTable('management_keys')
    .addColumn('shop_id', 'integer', (c) => c.notNull().references('shops.id'))
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('management_keys_pk', ['shop_id', 'operation', 'key'])
    .execute();
}

/** The columns `up` adds, per table (and `archived_at` on every ARCHIVABLE table). */
const ADDED: Record<string, string[]> = {
  products: [
    'description',
    'buying_price',
    'internal_id',
    'discount_id',
    'position',
    'keyboard_hide',
    'archived_at',
  ],
  department_groups: ['position'],
  departments: ['position'],
  variation_choices: ['description', 'unavailable'],
  payment_methods: ['position'],
  clients: ['title', 'vat_number', 'registration_number', 'comment', 'address2', 'blacklist'],
  users: ['email', 'phone'],
  shops: SHOP_COLUMNS,
};

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('management_keys').execute();
  await db.schema.dropTable('audit_log').execute();
  await db.schema.dropTable('stock_movements').execute();
  for (const [table, columns] of Object.entries(ADDED))
    for (const c of columns) await db.schema.alterTable(table).dropColumn(c).execute();
  for (const t of ARCHIVABLE) await db.schema.alterTable(t).dropColumn('archived_at').execute();
}
