/** zod schemas of the sales tools: the Kash shapes, plus names, idempotency keys and scheduled times. */
import * as z from 'zod';
import { clientInput } from '../customers/customers.schemas.js';
import {
  MAX_ID,
  MAX_LINE_CENTS,
  MAX_LINES,
  MAX_ORDER_CENTS,
  MAX_QUANTITY,
  MAX_TEXT,
} from '../../domain/limits.js';
import {
  amount,
  dateText,
  idLike,
  idNumber,
  idRef,
  pageFields,
  shapeOf,
  undescribed,
  undescribedShape,
  unlisted,
  vatPercent,
} from '../shared/list.schemas.js';

/** An amount a caller sends, in the currency's major unit: at most an order's bound (domain/limits.ts). */
const amountIn = () =>
  z
    .number()
    .min(0)
    .max(MAX_ORDER_CENTS / 100);
const PAYMENT_CODES =
  'Use -2 for a quote, -1 for validated and unpaid, or a payment method id from {{list:payments_modes}}.';

/** `payment`: a code or a method id, or a method's name or type in words (resolved on the server). */
const paymentField = (what: string) =>
  z
    .union([
      z.int().min(-2, { error: PAYMENT_CODES }).max(MAX_ID),
      z.string().trim().min(1).max(MAX_TEXT.name),
    ])
    .optional()
    .describe(what);

/** A unit price, VAT included: at most a line's bound. */
const priceIn = () =>
  z
    .number()
    .min(0, {
      error:
        'A price cannot be negative: to take money off, use a discount; to pay back a sale, use {{refund}}.',
    })
    .max(MAX_LINE_CENTS / 100, { error: `A unit price is at most ${MAX_LINE_CENTS / 100}.` });

export const discountInput = z
  .object({
    percent: z.number().min(0).max(100).optional(),
    amount: amountIn().optional(),
  })
  .describe('percent or amount.');

export const itemObject = z.object({
  type: z
    .enum(['catalog', 'dept', 'free'])
    .optional()
    .describe(
      'catalog (default): productId or productName; dept: departmentId, price; free: any title and price.',
    ),
  productId: idLike('{{list:products}}, {{search}}').optional(),
  productName: z
    .string()
    .max(MAX_TEXT.name)
    .optional()
    .describe('Instead of productId; accents, case ignored.'),
  quantity: z
    .number()
    .min(1, { error: 'quantity is at least 1; to take something back, use {{refund}}.' })
    .max(MAX_QUANTITY, { error: `quantity is at most ${MAX_QUANTITY} units a line.` })
    .optional()
    .describe('Whole units, default 1.'),
  titleOverride: z.string().max(MAX_TEXT.name).optional(),
  priceOverride: priceIn().optional().describe('Unit price.'),
  declinaisons: z
    .array(z.union([idNumber(), z.string().max(MAX_TEXT.name)]))
    .max(20)
    .optional()
    .describe('Variation choice ids or names, one per group.'),
  departmentId: idLike('{{list:departments}}').optional(),
  price: priceIn().optional().describe('Unit price.'),
  title: z.string().max(MAX_TEXT.name).optional(),
  discount: discountInput.optional(),
});
export type ItemObject = z.infer<typeof itemObject>;

/** A line as an object, or as Kash's legacy text (accepted, not listed: a model writes objects). */
export const item = z.union([
  unlisted(
    z
      .string()
      .max(MAX_TEXT.legacyItem)
      .describe('Kash legacy: "plu_qty_title_price_choice…", "-dept_price_title", "Free_price_title".'),
  ),
  itemObject,
]);
export type ItemInput = z.infer<typeof item>;

/** An object's fields without their words (the object itself keeps its own). */
const wordlessFields = <T extends z.ZodObject>(object: T): T =>
  object.extend(undescribedShape(object.shape)) as unknown as T;

/** A sale's inline client: clientInput's fields, whose names say what they are. */
const saleClient = wordlessFields(clientInput).describe('A new client to create (instead of idClient).');
/** An order edit's lines: those of a sale, whose tool says them once. */
const editedItem = z.union([undescribed(item.options[0]), wordlessFields(itemObject)]);

const saleFields = {
  payment: paymentField(
    '-2 quote, -1 unpaid (default), or a method ({{list:payments_modes}} id, name or type e.g. "card") = paid.',
  ),
  paymentAmount: amountIn().optional().describe('Partial payment; default: all due.'),
  deliveryMethod: idNumber()
    .optional()
    .describe(
      '0 takeaway, 1 delivery, 2 on site (eat-in VAT), 3 drive-through, 4 counter, 5 relay point, 6 shipping; default 2 with a table, else 4.',
    ),
  idtable: idLike('{{list:tables}}').optional(),
  idcaisse: idLike('{{list:cashboxes}}').optional(),
  numcouverts: idLike('Guests.', 0).optional(),
  // a pager may be "A12": a number or any short text, both listed
  pagerNum: z
    .union([idNumber(), z.string().max(MAX_TEXT.short)])
    .optional()
    .describe('Pager number.'),
  idUser: idLike('{{list:users}}').optional(),
  idClient: idLike('{{list:clients}}').optional(),
  client: saleClient.optional(),
  publicComment: z.string().max(MAX_TEXT.comment).optional().describe('Printed on the receipt.'),
  privateComment: z.string().max(MAX_TEXT.comment).optional().describe('Not printed.'),
  deliveryTime: dateText()
    .optional()
    .describe('To deliver or collect: ISO 8601, shop time unless an offset.'),
  relayPointId: idLike('{{list:relay_points}} (method 5)').optional(),
  deliveryManId: idLike('{{list:delivery_men}}').optional(),
  discount: discountInput.optional().describe('Whole order: percent or amount.'),
  discountId: idLike('Whole-order discount ({{list:discounts}}).').optional(),
};

export const saleCreateInput = z.object({
  ...saleFields,
  items: z.array(item).max(MAX_LINES).optional().describe('Order lines.'),
  itemsList: unlisted(
    z
      .array(item.options[0])
      .max(MAX_LINES)
      .optional()
      .describe('Kash legacy item strings (same as string items).'),
  ),
  idempotencyKey: z
    .string()
    .min(1)
    .max(MAX_TEXT.token)
    .optional()
    .describe('Unique per sale; a retry with it returns the first sale.'),
});
export type SaleCreateInput = z.infer<typeof saleCreateInput>;

const orderRef = {
  orderId: idRef().optional().describe('Or orderNumber.'),
  orderNumber: idRef().optional().describe('Receipt number.'),
};

export const FULFILMENT = ['pending', 'ready', 'served', 'delivered'] as const;

export const orderEditInput = z.object({
  ...orderRef,
  items: shapeOf(z.array(editedItem).max(MAX_LINES).optional()).describe(
    'Quotes only: replaces the lines (items of {{sell}}).',
  ),
  deliveryMethod: saleFields.deliveryMethod.describe('Quotes only (codes of {{sell}}).'),
  discount: saleFields.discount.describe('Quotes only: percent or amount.'),
  idClient: saleFields.idClient.describe('Quotes only.'),
  payment: paymentField(
    '-1 validates a quote unpaid; a method (id, name, type) records a payment, validating a quote.',
  ),
  paymentAmount: saleFields.paymentAmount,
  status: z.enum(FULFILMENT).optional().describe('Fulfilment.'),
  publicComment: saleFields.publicComment,
  privateComment: saleFields.privateComment,
  pagerNum: saleFields.pagerNum,
  idtable: saleFields.idtable,
  numcouverts: saleFields.numcouverts,
  deliveryTime: saleFields.deliveryTime,
  idempotencyKey: z
    .string()
    .min(1)
    .max(MAX_TEXT.token)
    .optional()
    .describe('A retry with it returns the first result, no second payment.'),
});
export type OrderEditInput = z.infer<typeof orderEditInput>;

export const orderDetailInput = z.object(orderRef);

export const orderRefundInput = z.object({
  ...orderRef,
  lines: z
    .array(
      z.object({
        lineId: idRef().describe('{{detail}} line id.'),
        quantity: z.number().min(0).max(MAX_QUANTITY).optional().describe('Default: all not yet refunded.'),
      }),
    )
    .max(MAX_LINES)
    .optional()
    .describe('Each line once; omit for all not yet refunded.'),
  payment: idRef()
    .optional()
    .describe('Refund method ({{list:payments_modes}}); default: matches the payment.'),
  reason: z.string().max(MAX_TEXT.reason).optional().describe('Printed on the credit note.'),
  restock: z.boolean().optional().describe('true: refunded units back in stock (returned unused).'),
  idempotencyKey: saleCreateInput.shape.idempotencyKey.describe(
    'A retry with it returns the first credit note.',
  ),
});
export type OrderRefundInput = z.infer<typeof orderRefundInput>;

export const listOrdersInput = z.object({
  validatedOrders: z.boolean().default(true).describe('false: quotes as well.'),
  from_date_ISO8601: dateText().optional().describe('Business date or date-time. Default: today.'),
  to_date_ISO8601: dateText()
    .optional()
    .describe("Business date (included) or date-time. Default: end of from's day."),
  filterDeliveryMethod: idNumber().optional().describe('Delivery method ({{sell}} codes).'),
  ...pageFields,
});
export type ListOrdersInput = z.infer<typeof listOrdersInput>;

export const pendingOrdersInput = z.object({
  filterDeliveryMethod: listOrdersInput.shape.filterDeliveryMethod,
  ...pageFields,
});

/** Said once at the top of an output instead of on each of its amounts (times carry their offset). */
export const OUTPUT_UNITS = 'Amounts in major units, VAT incl. unless HT.';

export const orderLine = z.object({
  id: z.int(),
  kind: z.enum(['catalog', 'dept', 'free']),
  productId: z.int().nullable(),
  departmentId: z.int().nullable(),
  title: z.string(),
  quantity: z.int(),
  unitPrice: amount,
  variations: z.array(z.object({ id: z.int(), name: z.string(), priceDelta: amount })),
  discount: amount,
  total: amount.describe('After its discount.'),
  vatRate: vatPercent,
  refundOfLineId: z.int().nullable(),
  refundedQuantity: z.int(),
});

export const vatBreakdown = z.array(z.object({ rate: vatPercent, ht: amount, vat: amount, ttc: amount }));

export const order = z
  .object({
    id: z.int(),
    number: z.int().nullable().describe('Receipt number; null for a quote.'),
    status: z.enum(['quote', 'validated']),
    kind: z.enum(['sale', 'credit_note']),
    paymentStatus: z.enum(['quote', 'unpaid', 'partially_paid', 'paid']),
    currency: z.string(),
    deliveryMethod: z.object({ id: z.int(), name: z.string() }),
    table: z.int().nullable(),
    covers: z.int().nullable(),
    pager: z.string().nullable(),
    cashboxId: z.int().nullable(),
    userId: z.int().nullable(),
    client: z.object({ id: z.int(), name: z.string().nullable() }).nullable(),
    relayPointId: z.int().nullable(),
    deliveryManId: z.int().nullable(),
    publicComment: z.string().nullable(),
    privateComment: z.string().nullable(),
    fulfilment: z.enum(FULFILMENT),
    deliveryTime: z.string().nullable(),
    createdAt: z.string(),
    validatedAt: z.string().nullable(),
    lines: z.array(orderLine),
    subtotal: amount.describe('Lines after their discounts.'),
    discount: amount,
    total: amount,
    totalHT: amount,
    totalVAT: amount,
    vat: vatBreakdown,
    paid: amount.describe('Negative for a credit note (paid back).'),
    refunded: amount,
    due: amount,
    payments: z.array(
      z.object({ id: z.int(), methodId: z.int(), method: z.string(), amount, at: z.string() }),
    ),
    refundOfOrderId: z.int().nullable(),
    creditNotes: z.array(z.object({ id: z.int(), number: z.int().nullable(), total: amount })),
    warnings: z.array(z.string()).describe('To tell the user.'),
    replayed: z.boolean().describe('True: an idempotencyKey replay, nothing new written.'),
  })
  .describe(OUTPUT_UNITS);
export type OrderView = z.infer<typeof order>;

export const orderSummary = z.object({
  id: z.int(),
  number: z.int().nullable(),
  status: z.enum(['quote', 'validated']),
  kind: z.enum(['sale', 'credit_note']),
  date: z.string().describe('Validation time (creation for a quote).'),
  deliveryMethod: z.object({ id: z.int(), name: z.string() }),
  table: z.int().nullable(),
  covers: z.int().nullable(),
  client: z.string().nullable(),
  itemCount: z.int(),
  total: amount,
  paid: amount,
  paymentStatus: z.enum(['quote', 'unpaid', 'partially_paid', 'paid']),
  fulfilment: z.enum(FULFILMENT),
  deliveryTime: z.string().nullable(),
});
export type OrderSummary = z.infer<typeof orderSummary>;
