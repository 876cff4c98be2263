/** The Kash data_list_* tools: one paginated list per kind of reference data. */
import * as z from 'zod';
import type { Ctx } from '../../modules/shared/context.js';
import type { Page, PageRequest } from '../../db/pagination.js';
import * as catalog from '../../modules/catalog/catalog.service.js';
import {
  catalogPageInput,
  department,
  departmentGroup,
  discount,
  product,
  productSearchInput,
  variationGroup,
  vatRate,
} from '../../modules/catalog/catalog.schemas.js';
import { client } from '../../modules/customers/customers.schemas.js';
import { listClients } from '../../modules/customers/customers.service.js';
import { listOutput, pageInput } from '../../modules/shared/list.schemas.js';
import * as venue from '../../modules/venue/venue.service.js';
import * as v from '../../modules/venue/venue.schemas.js';
import { defineTool, listTextOf, type AnyToolSpec } from '../tool.js';

/** The input of a list that hides archived rows unless asked. */
const withArchived = catalogPageInput;

function listTool<T extends z.ZodType>(
  name: string,
  title: string,
  what: string,
  item: T,
  list: (ctx: Ctx, p: PageRequest & { includeArchived?: boolean }) => Promise<Page<z.infer<T>>>,
  input: typeof pageInput | typeof withArchived = pageInput,
  cachedWhile?: (ctx: Ctx) => Promise<number>,
): AnyToolSpec {
  return defineTool({
    ...(cachedWhile ? { cachedWhile } : {}),
    name,
    title,
    description: `Lists ${what}.`,
    scope: 'read',
    input,
    output: listOutput(item),
    annotations: { readOnlyHint: true, idempotentHint: true },
    run: async (ctx, args) => {
      const page = await list(ctx, args);
      return { total: page.total, count: page.items.length, nextCursor: page.nextCursor, items: page.items };
    },
    text: listTextOf(item),
  });
}

const paymentModes = listTool(
  'data_list_payments_modes',
  'List payment methods',
  'the payment methods',
  v.paymentMethod,
  venue.listPaymentMethods,
  withArchived,
);

export const listTools: AnyToolSpec[] = [
  listTool(
    'data_list_products',
    'List products',
    'the products (PLU)',
    product,
    catalog.listProducts,
    catalogPageInput,
    catalog.catalogVersion, // kept while the catalog has not moved (mcp/read-cache.ts)
  ),
  listTool(
    'data_list_departments',
    'List departments',
    'the departments (rayons)',
    department,
    catalog.listDepartments,
    catalogPageInput,
    catalog.catalogVersion, // kept while the catalog has not moved (mcp/read-cache.ts)
  ),
  listTool(
    'data_list_department_groups',
    'List department groups',
    'the department groups',
    departmentGroup,
    catalog.listDepartmentGroups,
    catalogPageInput,
    catalog.catalogVersion, // kept while the catalog has not moved (mcp/read-cache.ts)
  ),
  listTool('data_list_clients', 'List clients', 'the clients (customers)', client, listClients, withArchived),
  listTool(
    'data_list_variations',
    'List variations',
    'the variation groups (déclinaisons) and their choices',
    variationGroup,
    catalog.listVariationGroups,
    catalogPageInput,
    catalog.catalogVersion, // kept while the catalog has not moved (mcp/read-cache.ts)
  ),
  listTool(
    'data_list_delivery_men',
    'List delivery people',
    'the delivery people',
    v.deliveryMan,
    venue.listDeliveryMen,
    withArchived,
  ),
  paymentModes,
  {
    ...paymentModes,
    name: 'data_list_payments',
    title: 'List payment methods (alias)',
    description: "The name Kash's README gives data_list_payments_modes: same arguments and result.",
    aliasOf: 'data_list_payments_modes',
  },
  listTool(
    'data_list_cashboxes',
    'List cashboxes',
    'the cashboxes',
    v.cashbox,
    venue.listCashboxes,
    withArchived,
  ),
  listTool(
    'data_list_delivery_zones',
    'List delivery zones',
    'the delivery zones',
    v.deliveryZone,
    venue.listDeliveryZones,
    withArchived,
  ),
  listTool(
    'data_list_relay_points',
    'List relay points',
    'the relay points',
    v.relayPoint,
    venue.listRelayPoints,
    withArchived,
  ),
  listTool(
    'data_list_discounts',
    'List discounts',
    'the discounts',
    discount,
    catalog.listDiscounts,
    catalogPageInput,
    catalog.catalogVersion, // kept while the catalog has not moved (mcp/read-cache.ts)
  ),
  listTool('data_list_users', 'List users', 'the staff users', v.user, venue.listUsers, withArchived),
  listTool('data_list_tables', 'List tables', 'the tables', v.diningTable, venue.listTables, withArchived),
  listTool(
    'data_list_vats',
    'List VAT rates',
    'the VAT rates',
    vatRate,
    catalog.listVatRates,
    catalogPageInput,
    catalog.catalogVersion, // kept while the catalog has not moved (mcp/read-cache.ts)
  ),
  listTool(
    'data_list_delivery_methods',
    'List delivery methods',
    'the delivery methods and their codes',
    v.deliveryMethod,
    venue.listDeliveryMethods,
  ),
];

export const productSearchTool = defineTool({
  name: 'product_search',
  title: 'Search products',
  description: 'Finds products (ids, prices) by name or barcode, e.g. for sale_create.',
  scope: 'read',
  input: productSearchInput,
  output: z.object({ query: z.string(), count: z.int(), items: z.array(product) }),
  annotations: { readOnlyHint: true, idempotentHint: true },
  cachedWhile: catalog.catalogVersion,
  run: (ctx, args) => catalog.searchProducts(ctx, args.query, args.limit, args.includeArchived),
});
