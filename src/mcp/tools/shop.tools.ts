/** The shop's settings, its stock and its journal: shop_show/edit, stock_*, audit_list. */
import { defineTool, listTextOf, type AnyToolSpec } from '../tool.js';
import { auditEntry, auditListInput } from '../../modules/audit/audit.schemas.js';
import { listAudit } from '../../modules/audit/audit.service.js';
import { listOutput } from '../../modules/shared/list.schemas.js';
import { shopEditInput, shopShowInput, shopView } from '../../modules/shops/shops.schemas.js';
import { editShop, showShop } from '../../modules/shops/shops.settings.js';
import { manageTool } from './manage.js';

export const shopTools: AnyToolSpec[] = [
  defineTool({
    name: 'shop_show',
    title: "The shop's settings",
    description: "Shows the shop's settings: contact, legal ids, currency, time zone, receipt texts.",
    scope: 'read',
    input: shopShowInput,
    output: shopView,
    annotations: { readOnlyHint: true, idempotentHint: true },
    run: (ctx) => showShop(ctx),
  }),
  manageTool({
    name: 'shop_edit',
    title: "Edit the shop's settings",
    description:
      "Edits the shop's settings; null clears a text. A new time zone or close hour re-places past orders in their business days and rebuilds the reports.",
    verb: 'edit',
    input: shopEditInput,
    item: shopView,
    run: editShop,
  }),
  defineTool({
    name: 'audit_list',
    title: 'Journal of management changes',
    description:
      'Changes to the catalog, stock, clients, venue and settings: who, when, via which tool, before and after. Oldest first.',
    scope: 'admin',
    input: auditListInput,
    output: listOutput(auditEntry),
    annotations: { readOnlyHint: true, idempotentHint: true },
    run: async (ctx, args) => {
      const page = await listAudit(ctx, args, args);
      return { total: page.total, count: page.items.length, nextCursor: page.nextCursor, items: page.items };
    },
    text: listTextOf(auditEntry),
  }),
];
