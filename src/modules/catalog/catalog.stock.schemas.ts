/** zod schemas of the stock tools: {{adjust_stock}}, {{count_stock}}, {{stock_history}}, {{low_stock}}. */
import * as z from 'zod';
import { MAX_LINES, MAX_TEXT } from '../../domain/limits.js';
import { idempotencyKey } from '../shared/manage.schemas.js';
import { dateText, numericId, pageFields } from '../shared/list.schemas.js';

/** Units moved by one adjustment, or counted for one product: a million. */
export const MAX_STOCK_UNITS = 1_000_000;

export const STOCK_REASONS = ['delivery', 'waste', 'breakage', 'correction', 'other'] as const;
export const MOVEMENT_KINDS = ['sale', 'refund', 'adjustment', 'count'] as const;

const productRef = {
  productId: numericId('The product id (PLU) from {{list:products}} or {{search}}.').optional(),
  productName: z
    .string()
    .max(MAX_TEXT.name)
    .optional()
    .describe(
      'The product name instead of its id, resolved on the server (accents and case ignored); several matches fail and are listed.',
    ),
};

const note = z.string().trim().max(MAX_TEXT.reason).optional();

export const stockAdjustInput = z.object({
  ...productRef,
  quantity: z
    .int()
    .min(-MAX_STOCK_UNITS)
    .max(MAX_STOCK_UNITS)
    .refine((q) => q !== 0, { error: 'quantity cannot be 0: give the units added (48) or taken out (-3).' })
    .describe(
      `The change in units, not the new level: +48 for a delivery received, -3 for waste (at most ${MAX_STOCK_UNITS} either way). To set the level, use {{count_stock}}.`,
    ),
  reason: z
    .enum(STOCK_REASONS)
    .describe('delivery (received), waste, breakage, correction (a mistake put right) or other.'),
  note: note.describe('A note kept with the movement, e.g. "delivery note 4512".'),
  idempotencyKey,
});
export type StockAdjustInput = z.infer<typeof stockAdjustInput>;

export const stockCountInput = z.object({
  items: z
    .array(
      z.object({
        ...productRef,
        counted: z
          .int()
          .min(0)
          .max(MAX_STOCK_UNITS)
          .describe('The units counted on the shelves: the new stock level.'),
      }),
    )
    .min(1)
    .max(MAX_LINES)
    .describe(
      `The products counted (at most ${MAX_LINES}), each once; products not listed keep their level.`,
    ),
  note: note.describe('A note kept with every movement, e.g. "monthly inventory".'),
  idempotencyKey,
});
export type StockCountInput = z.infer<typeof stockCountInput>;

export const stockMovementsInput = z.object({
  ...productRef,
  kind: z.enum(MOVEMENT_KINDS).optional().describe('Only sale, refund, adjustment or count movements.'),
  since: dateText().optional().describe('From this instant (ISO 8601, UTC if no offset), included.'),
  until: dateText().optional().describe('Before this instant, excluded.'),
  ...pageFields,
});
export type StockMovementsInput = z.infer<typeof stockMovementsInput>;

export const stockLowInput = z.object(pageFields);

export const stockMovement = z.object({
  id: z.int(),
  productId: z.int(),
  product: z.string().describe('The product title.'),
  kind: z.enum(MOVEMENT_KINDS),
  reason: z
    .string()
    .nullable()
    .describe('For an adjustment: delivery, waste, breakage, correction or other.'),
  note: z.string().nullable(),
  quantity: z.int().describe('The change in units (negative when taken out).'),
  stock: z.int().describe('The level after the movement.'),
  orderId: z.int().nullable().describe('The sale or credit note that moved it ({{detail}}).'),
  actor: z.string().describe('Who: the API key, the user, or stdio.'),
  at: z.string().describe('When (UTC, ISO 8601).'),
});
export type StockMovementView = z.infer<typeof stockMovement>;

const warnings = z.array(z.string()).describe('Things to tell the user, e.g. a level under its alert.');
const replayed = z.boolean().describe('true when this is the stored result of an earlier call with the key.');

export const stockAdjustOutput = z.object({
  productId: z.int(),
  product: z.string(),
  quantity: z.int().describe('The change made.'),
  stock: z.int().describe('The level now.'),
  stockAlert: z.int().nullable(),
  movementId: z.int(),
  replayed,
  warnings,
});

export const stockCountOutput = z.object({
  items: z.array(
    z.object({
      productId: z.int(),
      product: z.string(),
      before: z.int().describe('The level the register had.'),
      counted: z.int(),
      difference: z.int().describe('counted - before (negative: units missing).'),
    }),
  ),
  changed: z.int().describe('Products whose level changed.'),
  replayed,
  warnings,
});

export const lowStockItem = z.object({
  id: z.int(),
  title: z.string(),
  stock: z.int(),
  stockAlert: z.int().nullable(),
  status: z.enum(['out', 'low']).describe('out: none left (0 or less); low: at or under its alert level.'),
});
