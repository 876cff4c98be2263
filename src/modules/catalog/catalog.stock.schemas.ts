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
  productId: numericId('From {{search}} or {{list:products}}.').optional(),
  productName: z.string().max(MAX_TEXT.name).optional().describe('Or its name (accents, case ignored).'),
};

const note = z.string().trim().max(MAX_TEXT.reason).optional();

export const stockAdjustInput = z.object({
  ...productRef,
  quantity: z
    .int()
    .min(-MAX_STOCK_UNITS)
    .max(MAX_STOCK_UNITS)
    .refine((q) => q !== 0, { error: 'quantity cannot be 0: give the units added (48) or taken out (-3).' })
    .describe('The change, not the new level: +48 received, -3 wasted. To set a level: {{count_stock}}.'),
  reason: z.enum(STOCK_REASONS),
  note,
  idempotencyKey,
});
export type StockAdjustInput = z.infer<typeof stockAdjustInput>;

export const stockCountInput = z.object({
  items: z
    .array(
      z.object({
        ...productRef,
        counted: z.int().min(0).max(MAX_STOCK_UNITS).describe('The new level.'),
      }),
    )
    .min(1)
    .max(MAX_LINES)
    .describe('Each product once; the others keep their level.'),
  note,
  idempotencyKey,
});
export type StockCountInput = z.infer<typeof stockCountInput>;

export const stockMovementsInput = z.object({
  ...productRef,
  kind: z.enum(MOVEMENT_KINDS).optional(),
  since: dateText().optional().describe('ISO 8601, UTC if no offset.'),
  until: dateText().optional().describe('Excluded.'),
  ...pageFields,
});
export type StockMovementsInput = z.infer<typeof stockMovementsInput>;

export const stockLowInput = z.object(pageFields);

export const stockMovement = z.object({
  id: z.int(),
  productId: z.int(),
  product: z.string(),
  kind: z.enum(MOVEMENT_KINDS),
  /** an adjustment's: delivery, waste, breakage, correction or other */
  reason: z.string().nullable(),
  note: z.string().nullable(),
  quantity: z.int().describe('Negative when taken out.'),
  stock: z.int().describe('The level after.'),
  /** the sale or credit note that moved it */
  orderId: z.int().nullable(),
  actor: z.string(),
  at: z.string(),
});
export type StockMovementView = z.infer<typeof stockMovement>;

/** things to tell the user, e.g. a level under its alert */
const warnings = z.array(z.string());
/** true when this is the stored result of an earlier call with the key */
const replayed = z.boolean();

export const stockAdjustOutput = z.object({
  productId: z.int(),
  product: z.string(),
  quantity: z.int(),
  stock: z.int(),
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
      before: z.int(),
      counted: z.int(),
      difference: z.int().describe('counted - before.'),
    }),
  ),
  /** products whose level changed */
  changed: z.int(),
  replayed,
  warnings,
});

export const lowStockItem = z.object({
  id: z.int(),
  title: z.string(),
  stock: z.int(),
  stockAlert: z.int().nullable(),
  /** out: 0 or less; low: at or under its alert level */
  status: z.enum(['out', 'low']),
});
