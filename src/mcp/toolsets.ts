/**
 * Tool sets: groups of tools that a deployment, or one API key, chooses to serve, so that a till that
 * only sells and reports shows a model a short tool list. Scopes say what a caller may do; tool sets
 * say what it is shown. A session is served the tools that both allow. The default is every set.
 */
export const TOOLSETS = {
  sales: 'record sales and quotes, edit, pay, refund; orders, balances, deliveries',
  reports: 'sales reports, comparisons, the cash report',
  lists: 'product search and the data lists (products, departments, clients, tables, …)',
  catalog: 'products, departments, VAT rates, variations, discounts; catalog import and export',
  clients: 'add, edit and delete clients',
  venue: 'payment methods, tables, cashboxes, users, delivery zones, relay points, delivery people',
  settings: 'shop settings and the audit journal',
  stock: 'stock levels, counts, movements and low stock',
  fiscal: 'the fiscal ledger: closures (Z), their totals, archives, its verification',
} as const;
export type Toolset = keyof typeof TOOLSETS;
export const TOOLSET_NAMES = Object.keys(TOOLSETS) as Toolset[];

const RULES: [Toolset, RegExp][] = [
  ['fiscal', /^(ledger_verify|day_close|report_z|archive_create)$/],
  ['reports', /^report_/],
  ['stock', /^stock_/],
  ['settings', /^(shop_show|shop_edit|audit_list)$/],
  ['clients', /^client_(add|edit|delete)$/],
  [
    'catalog',
    /^((plu|dept|dept_group|variation|variation_choice|vat|discount)_(add|edit|delete)|catalog_(import|export))$/,
  ],
  ['venue', /^(payment_mode|table|cashbox|user|delivery_zone|relay_point|delivery_man)_(add|edit|delete)$/],
  [
    'sales',
    /^(sale_create|order_(create|edit|refund|detail)|data_list_(orders|pending_orders)|client_balance|deliveries_schedule)$/,
  ],
  ['lists', /^(product_search|data_list_\w+)$/],
];

/**
 * The sets a session is served for the sets it was given: `lists` comes with any other, since the ids
 * every other tool takes come from it (product_search, data_list_tables, …) and their descriptions
 * send a model there.
 */
export function withLookups(toolsets: readonly Toolset[]): Toolset[] {
  return toolsets.length > 0 && !toolsets.includes('lists')
    ? TOOLSET_NAMES.filter((n) => n === 'lists' || toolsets.includes(n))
    : [...toolsets];
}

/** The tool set of a tool; a tool no rule places is a mistake of this table (a test lists them all). */
export function toolsetOf(toolName: string): Toolset {
  const rule = RULES.find(([, re]) => re.test(toolName));
  if (!rule) throw new Error(`tool ${toolName} belongs to no tool set: add it to mcp/toolsets.ts`);
  return rule[0];
}

/** The names of `text` ("sales, Reports"), lower-cased, in the order of TOOLSET_NAMES; unknown ones apart. */
export function toolsetsIn(text: string): { toolsets: Toolset[]; unknown: string[] } {
  const names = text
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  return {
    toolsets: TOOLSET_NAMES.filter((n) => names.includes(n)),
    unknown: names.filter((n) => !(n in TOOLSETS)),
  };
}
