/**
 * Indexes for many shops in one database: every list reads one shop's rows in id order (keyset
 * pagination), and the variations of a page of products are read by group.
 */
import type { AnyDb } from './helpers.js';

const SHOP_LISTS = [
  'vat_rates',
  'department_groups',
  'departments',
  'variation_groups',
  'variation_choices',
  'products',
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

export async function up(db: AnyDb): Promise<void> {
  for (const table of SHOP_LISTS)
    await db.schema.createIndex(`${table}_shop_id`).on(table).columns(['shop_id', 'id']).execute();
  await db.schema
    .createIndex('variation_choices_group')
    .on('variation_choices')
    .columns(['group_id', 'position', 'id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('variation_choices_group').execute();
  for (const table of SHOP_LISTS) await db.schema.dropIndex(`${table}_shop_id`).execute();
}
