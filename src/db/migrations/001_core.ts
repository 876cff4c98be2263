/**
 * The core ledger. Portable SQL only: integer cents, integer basis points, 0/1 flags, ISO-8601 UTC text
 * timestamps; the one dialect difference (auto ids) goes through `addId`.
 */
import { addId, type AnyDb } from './helpers.js';

/** A table that belongs to a shop: an id and the shop's id. */
function shopTable(db: AnyDb, name: string) {
  return addId(db, db.schema.createTable(name)).addColumn('shop_id', 'integer', (c) =>
    c.notNull().references('shops.id'),
  );
}

export async function up(db: AnyDb): Promise<void> {
  await addId(db, db.schema.createTable('shops'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo('EUR'))
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('Europe/Paris'))
    .addColumn('close_hour', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('prices_include_vat', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('default_vat_bp', 'integer', (c) => c.notNull().defaultTo(1000))
    .addColumn('last_order_number', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await shopTable(db, 'vat_rates')
    .addColumn('rate_bp', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addUniqueConstraint('vat_rates_shop_rate', ['shop_id', 'rate_bp'])
    .execute();

  await shopTable(db, 'department_groups')
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();

  await shopTable(db, 'departments')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('group_id', 'integer', (c) => c.references('department_groups.id'))
    .addColumn('vat_bp', 'integer', (c) => c.notNull())
    .execute();

  await shopTable(db, 'variation_groups')
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();

  await shopTable(db, 'variation_choices')
    .addColumn('group_id', 'integer', (c) => c.notNull().references('variation_groups.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('price_delta', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await shopTable(db, 'products')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('short_title', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('price', 'integer', (c) => c.notNull())
    .addColumn('vat_takeaway_bp', 'integer', (c) => c.notNull())
    .addColumn('vat_eat_in_bp', 'integer', (c) => c.notNull())
    .addColumn('department_id', 'integer', (c) => c.references('departments.id'))
    .addColumn('barcode', 'text')
    .addColumn('stock', 'integer')
    .addColumn('stock_alert', 'integer')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('products_shop_barcode')
    .on('products')
    .columns(['shop_id', 'barcode'])
    .execute();

  await db.schema
    .createTable('product_variation_groups')
    .addColumn('shop_id', 'integer', (c) => c.notNull().references('shops.id'))
    .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id'))
    .addColumn('group_id', 'integer', (c) => c.notNull().references('variation_groups.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('product_variation_groups_pk', ['product_id', 'group_id'])
    .execute();

  await shopTable(db, 'discounts')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute();

  await shopTable(db, 'clients')
    .addColumn('firstname', 'text')
    .addColumn('lastname', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('address', 'text')
    .addColumn('zip', 'text')
    .addColumn('city', 'text')
    .addColumn('country', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await shopTable(db, 'users')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .execute();

  await shopTable(db, 'cashboxes')
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();

  await shopTable(db, 'dining_tables')
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('seats', 'integer', (c) => c.notNull())
    .addColumn('floor', 'text', (c) => c.notNull())
    .addUniqueConstraint('dining_tables_shop_number', ['shop_id', 'number'])
    .execute();

  await shopTable(db, 'payment_methods')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('is_refund', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('delivery_methods')
    .addColumn('shop_id', 'integer', (c) => c.notNull().references('shops.id'))
    .addColumn('code', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('delivery_methods_pk', ['shop_id', 'code'])
    .execute();

  await shopTable(db, 'delivery_zones')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('postcodes', 'text', (c) => c.notNull())
    .addColumn('fee', 'integer', (c) => c.notNull())
    .addColumn('min_order', 'integer', (c) => c.notNull())
    .execute();

  await shopTable(db, 'relay_points')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('zip', 'text', (c) => c.notNull())
    .addColumn('city', 'text', (c) => c.notNull())
    .execute();

  await shopTable(db, 'delivery_men')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .execute();

  await shopTable(db, 'orders')
    .addColumn('number', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('delivery_method', 'integer', (c) => c.notNull())
    .addColumn('table_id', 'integer', (c) => c.references('dining_tables.id'))
    .addColumn('covers', 'integer')
    .addColumn('pager', 'text')
    .addColumn('cashbox_id', 'integer', (c) => c.references('cashboxes.id'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('client_id', 'integer', (c) => c.references('clients.id'))
    .addColumn('relay_point_id', 'integer', (c) => c.references('relay_points.id'))
    .addColumn('delivery_man_id', 'integer', (c) => c.references('delivery_men.id'))
    .addColumn('public_comment', 'text')
    .addColumn('private_comment', 'text')
    .addColumn('fulfilment', 'text', (c) => c.notNull())
    .addColumn('delivery_time', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('subtotal', 'integer', (c) => c.notNull())
    .addColumn('discount_kind', 'text')
    .addColumn('discount_value', 'integer')
    .addColumn('discount_total', 'integer', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('paid', 'integer', (c) => c.notNull())
    .addColumn('refund_of', 'integer', (c) => c.references('orders.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('validated_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('orders_shop_number', ['shop_id', 'number'])
    .execute();
  await db.schema
    .createIndex('orders_shop_validated')
    .on('orders')
    .columns(['shop_id', 'validated_at'])
    .execute();
  await db.schema
    .createIndex('orders_shop_created')
    .on('orders')
    .columns(['shop_id', 'created_at'])
    .execute();
  await db.schema.createIndex('orders_refund_of').on('orders').columns(['refund_of']).execute();

  await shopTable(db, 'order_lines')
    .addColumn('order_id', 'integer', (c) => c.notNull().references('orders.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('product_id', 'integer', (c) => c.references('products.id'))
    .addColumn('department_id', 'integer', (c) => c.references('departments.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('unit_price', 'integer', (c) => c.notNull())
    .addColumn('variations', 'text', (c) => c.notNull())
    .addColumn('discount', 'integer', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('net_total', 'integer', (c) => c.notNull())
    .addColumn('vat_bp', 'integer', (c) => c.notNull())
    .addColumn('refund_of_line', 'integer', (c) => c.references('order_lines.id'))
    .execute();
  await db.schema.createIndex('order_lines_order').on('order_lines').columns(['order_id']).execute();
  await db.schema
    .createIndex('order_lines_refund_of')
    .on('order_lines')
    .columns(['refund_of_line'])
    .execute();

  await shopTable(db, 'payments')
    .addColumn('order_id', 'integer', (c) => c.notNull().references('orders.id'))
    .addColumn('method_id', 'integer', (c) => c.notNull().references('payment_methods.id'))
    .addColumn('amount', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payments_order').on('payments').columns(['order_id']).execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('shop_id', 'integer', (c) => c.notNull().references('shops.id'))
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('order_id', 'integer', (c) => c.notNull().references('orders.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['shop_id', 'operation', 'key'])
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of [
    'settings',
    'idempotency_keys',
    'payments',
    'order_lines',
    'orders',
    'delivery_men',
    'relay_points',
    'delivery_zones',
    'delivery_methods',
    'payment_methods',
    'dining_tables',
    'cashboxes',
    'users',
    'clients',
    'discounts',
    'product_variation_groups',
    'products',
    'variation_choices',
    'variation_groups',
    'departments',
    'department_groups',
    'vat_rates',
    'shops',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
