/** Stock: stock_adjust, stock_count (admin), stock_movements, stock_low (read). */
import { withToolNames } from '../hints.js';
import { defineTool, listTextOf, type AnyToolSpec } from '../tool.js';
import { listOutput } from '../../modules/shared/list.schemas.js';
import {
  lowStockItem,
  stockAdjustInput,
  stockAdjustOutput,
  stockCountInput,
  stockCountOutput,
  stockLowInput,
  stockMovement,
  stockMovementsInput,
} from '../../modules/catalog/catalog.stock.schemas.js';
import { adjustStock, countStock, listMovements, lowStock } from '../../modules/catalog/catalog.stock.js';

/** The warnings name tools by hints, like the errors: written here as tool names. */
const named = <T extends { warnings: string[] }>(r: T): T => ({
  ...r,
  warnings: r.warnings.map(withToolNames),
});

const page = <T>(p: { items: T[]; total: number; nextCursor: string | null }) => ({
  total: p.total,
  count: p.items.length,
  nextCursor: p.nextCursor,
  items: p.items,
});

export const stockTools: AnyToolSpec[] = [
  defineTool({
    name: 'stock_adjust',
    title: 'Adjust a stock level',
    description: 'Adds or takes out units of a stock-tracked product, with a reason (delivery: +48).',
    scope: 'admin',
    input: stockAdjustInput,
    output: stockAdjustOutput,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
    run: async (ctx, args) => named(await adjustStock(ctx, args)),
  }),
  defineTool({
    name: 'stock_count',
    title: 'Record an inventory count',
    description:
      'Sets counted stock levels ("out of croissants": counted 0) and records the differences; all or nothing.',
    scope: 'admin',
    input: stockCountInput,
    output: stockCountOutput,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
    run: async (ctx, args) => named(await countStock(ctx, args)),
  }),
  defineTool({
    name: 'stock_movements',
    title: 'Stock movements',
    description: 'Stock movements of a product or of the shop, oldest first.',
    scope: 'read',
    input: stockMovementsInput,
    output: listOutput(stockMovement),
    annotations: { readOnlyHint: true, idempotentHint: true },
    run: async (ctx, args) => page(await listMovements(ctx, args, args)),
    text: listTextOf(stockMovement),
  }),
  defineTool({
    name: 'stock_low',
    title: 'What is running low',
    description: 'Products on sale whose tracked stock is out, or at or under its alert level.',
    scope: 'read',
    input: stockLowInput,
    output: listOutput(lowStockItem),
    annotations: { readOnlyHint: true, idempotentHint: true },
    run: async (ctx, args) => page(await lowStock(ctx, args)),
    text: listTextOf(lowStockItem),
  }),
];
