/**
 * The modules name what to call next by what it does, not by a tool's name: `{{refund}}`,
 * `{{list:tables}}`. This is where those words become the MCP tool names, in error messages and in the
 * schemas' descriptions, so that a renamed tool or another surface (REST) changes one table here.
 */
import * as z from 'zod';

const TOOLS: Record<string, string> = {
  sell: 'sale_create',
  edit: 'order_edit',
  refund: 'order_refund',
  detail: 'order_detail',
  search: 'product_search',
  balance: 'client_balance',
  deliveries: 'deliveries_schedule',
  summary: 'report_summary',
  compare: 'report_compare',
  kash_report: 'report_get',
  cash_report: 'report_cash',
  // management (issue 12): `new_x` adds, `change_x` edits, `remove_x` deletes
  new_vat: 'vat_add',
  change_vat: 'vat_edit',
  new_product: 'plu_add',
  change_product: 'plu_edit',
  new_department: 'dept_add',
  change_department: 'dept_edit',
  new_department_group: 'dept_group_add',
  new_variation: 'variation_add',
  new_variation_choice: 'variation_choice_add',
  new_client: 'client_add',
  change_client: 'client_edit',
  new_payment_mode: 'payment_mode_add',
  change_payment_mode: 'payment_mode_edit',
  new_table: 'table_add',
  change_table: 'table_edit',
  new_user: 'user_add',
  change_user: 'user_edit',
  new_cashbox: 'cashbox_add',
  adjust_stock: 'stock_adjust',
  count_stock: 'stock_count',
  low_stock: 'stock_low',
  stock_history: 'stock_movements',
  shop: 'shop_show',
  change_shop: 'shop_edit',
  audit: 'audit_list',
  import_catalog: 'catalog_import',
  export_catalog: 'catalog_export',
  change_department_group: 'dept_group_edit',
  new_discount: 'discount_add',
  change_discount: 'discount_edit',
  change_cashbox: 'cashbox_edit',
  new_delivery_zone: 'delivery_zone_add',
  change_delivery_zone: 'delivery_zone_edit',
  new_relay_point: 'relay_point_add',
  change_relay_point: 'relay_point_edit',
  new_delivery_man: 'delivery_man_add',
  change_delivery_man: 'delivery_man_edit',
  change_variation_choice: 'variation_choice_edit',
  // the fiscal ledger (issue 16)
  close_day: 'day_close',
  closure: 'report_z',
  verify_ledger: 'ledger_verify',
};

const TOKEN = /\{\{([a-z_]+)(?::([a-z_]+))?\}\}/g;

/** The tool a `{{…}}` names, or undefined for an unknown one. */
export function toolOf(key: string, arg?: string): string | undefined {
  if (key === 'list') return arg ? `data_list_${arg}` : undefined;
  return arg === undefined ? TOOLS[key] : undefined;
}

/** `text` with every `{{…}}` replaced by its tool name (an unknown one is left as it is). */
export function withToolNames(text: string): string {
  return text.replace(TOKEN, (whole, key: string, arg: string | undefined) => toolOf(key, arg) ?? whole);
}

/** Every `{{…}}` of a text: for the test that each names a tool that exists. */
export function tokensOf(text: string): { key: string; arg?: string }[] {
  return [...text.matchAll(TOKEN)].map((m) =>
    m[2] === undefined ? { key: m[1]! } : { key: m[1]!, arg: m[2] },
  );
}

const done = new WeakSet<object>();

/**
 * Writes the tool names into the descriptions of a schema and of every schema inside it (zod keeps a
 * description in its registry, which is what JSON Schema and the tool list read). Once per schema.
 */
export function withToolNamesIn(schema: z.ZodType): void {
  if (done.has(schema)) return;
  done.add(schema);
  const meta = z.globalRegistry.get(schema);
  if (meta?.description?.includes('{{'))
    z.globalRegistry.add(schema, { ...meta, description: withToolNames(meta.description) });
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  const inner = [def.innerType, def.element, def.in, def.out, def.valueType, def.keyType];
  if (def.shape && typeof def.shape === 'object') inner.push(...Object.values(def.shape));
  if (Array.isArray(def.options)) inner.push(...(def.options as unknown[]));
  if (Array.isArray(def.items)) inner.push(...(def.items as unknown[]));
  for (const s of inner) if (s instanceof z.ZodType) withToolNamesIn(s);
}
