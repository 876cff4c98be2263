/**
 * An order line keeps the catalog title of its product as it was when sold (besides the title printed,
 * which an override may replace): the reports of the past name a product as it was then, whatever it is
 * called now. Lines recorded before have none (the reports name those products as they are now).
 */
import type { AnyDb } from './helpers.js';

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('order_lines').addColumn('product_title', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('order_lines').dropColumn('product_title').execute();
}
