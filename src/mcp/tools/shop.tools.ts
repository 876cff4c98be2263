/** The shop's settings, its stock and its journal: shop_show/edit, stock_*, audit_list. */
import { defineTool, listText, type AnyToolSpec } from '../tool.js';
import { auditEntry, auditListInput } from '../../modules/audit/audit.schemas.js';
import { listAudit } from '../../modules/audit/audit.service.js';
import { listOutput } from '../../modules/shared/list.schemas.js';

export const shopTools: AnyToolSpec[] = [
  defineTool({
    name: 'audit_list',
    title: 'Journal of management changes',
    description:
      'Every change to the catalog, stock, clients, venue and settings: who, when, through which tool, values before and after. Oldest first; paginated.',
    scope: 'admin',
    input: auditListInput,
    output: listOutput(auditEntry),
    annotations: { readOnlyHint: true, idempotentHint: true },
    run: async (ctx, args) => {
      const page = await listAudit(ctx, args, args);
      return { total: page.total, count: page.items.length, nextCursor: page.nextCursor, items: page.items };
    },
    text: listText,
  }),
];
