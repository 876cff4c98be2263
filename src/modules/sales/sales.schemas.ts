/** zod schemas of the sales tools: the Kash shapes, plus names, idempotency keys and scheduled times. */
import * as z from 'zod';
import { clientInput } from '../customers/customers.schemas.js';
import {
  MAX_COVERS,
  MAX_ID,
  MAX_LINE_CENTS,
  MAX_LINES,
  MAX_ORDER_CENTS,
  MAX_QUANTITY,
  MAX_TEXT,
} from '../../domain/limits.js';
import { amount, dateText, idLike, idNumber, idRef, pageFields, vatPercent } from '../shared/list.schemas.js';

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
    percent: z.number().min(0).max(100).optional().describe('Percentage taken off, e.g. 10 for 10 %.'),
    amount: amountIn().optional().describe("Amount taken off in the currency's major unit, e.g. 5 = €5."),
  })
  .describe('A discount: give either percent or amount.');

export const itemObject = z.object({
  type: z
    .enum(['catalog', 'dept', 'free'])
    .optional()
    .describe(
      'catalog (a product, the default), dept (an open amount in a department) or free (a free line).',
    ),
  productId: idLike('catalog: the product id (PLU) from {{list:products}} or {{search}}.').optional(),
  productName: z
    .string()
    .max(MAX_TEXT.name)
    .optional()
    .describe(
      'catalog: the product name instead of its id, resolved on the server (accents and case ignored). If several products match, the call fails and lists them.',
    ),
  quantity: z
    .number()
    .min(1, { error: 'quantity is at least 1; to take something back, use {{refund}}.' })
    .max(MAX_QUANTITY, { error: `quantity is at most ${MAX_QUANTITY} units a line.` })
    .optional()
    .describe(`A positive whole number of units, at most ${MAX_QUANTITY} (default 1).`),
  titleOverride: z
    .string()
    .max(MAX_TEXT.name)
    .optional()
    .describe("catalog: a title printed instead of the product's."),
  priceOverride: priceIn()
    .optional()
    .describe('catalog: a unit price instead of the catalog price (VAT included).'),
  declinaisons: z
    .array(z.union([idNumber(), z.string().max(MAX_TEXT.name)]))
    .max(20)
    .optional()
    .describe(
      'catalog: variation choices (déclinaisons), by choice id or name, at most one per variation group of the product.',
    ),
  departmentId: idLike('dept: the department id from {{list:departments}}.').optional(),
  price: priceIn().optional().describe('dept/free: the unit amount, VAT included.'),
  title: z.string().max(MAX_TEXT.name).optional().describe('dept/free: the line title.'),
  discount: discountInput.optional().describe('A discount on this line.'),
});
export type ItemObject = z.infer<typeof itemObject>;

export const item = z.union([
  z
    .string()
    .max(MAX_TEXT.legacyItem)
    .describe(
      'Kash legacy encoding: "productId_quantity_titleOverride_priceOverride_declinaisons…", "-departmentId_price_title" or "Free_price_title".',
    ),
  itemObject,
]);
export type ItemInput = z.infer<typeof item>;

const saleFields = {
  payment: paymentField(
    '-2 = quote (not validated, editable), -1 = validated and unpaid (default), or a payment method (its id from {{list:payments_modes}}, its name, or its type: "card", "cash") = validated and paid with it.',
  ),
  paymentAmount: amountIn()
    .optional()
    .describe('Amount paid now with `payment`, for a partial payment; default: the whole amount due.'),
  deliveryMethod: idNumber()
    .optional()
    .describe(
      '0 takeaway, 1 delivery, 2 on site, 3 drive-through, 4 counter sale, 5 relay point, 6 shipping. Default: 2 when a table is given, else 4. On site uses the eat-in VAT rates.',
    ),
  idtable: idLike('Table number ({{list:tables}}).').optional(),
  idcaisse: idLike('Cashbox id ({{list:cashboxes}}).').optional(),
  numcouverts: idLike(`Number of covers (guests), at most ${MAX_COVERS}.`, 0).optional(),
  pagerNum: idLike('Pager number given to the customer.', 0).optional(),
  idUser: idLike('Staff user id ({{list:users}}).').optional(),
  idClient: idLike('Client id ({{list:clients}}).').optional(),
  client: clientInput.optional(),
  publicComment: z.string().max(MAX_TEXT.comment).optional().describe('Comment printed on the receipt.'),
  privateComment: z.string().max(MAX_TEXT.comment).optional().describe('Internal comment, not printed.'),
  deliveryTime: dateText()
    .optional()
    .describe(
      "Scheduled time to deliver or collect, ISO 8601 (e.g. 2026-11-21T18:15, read in the shop's time zone, or with an offset).",
    ),
  relayPointId: idLike('Relay point id ({{list:relay_points}}), for deliveryMethod 5.').optional(),
  deliveryManId: idLike('Delivery person id ({{list:delivery_men}}), for deliveries.').optional(),
  discount: discountInput.optional().describe('A discount on the whole order, spread over its VAT rates.'),
  discountId: idLike('A discount of the shop ({{list:discounts}}) applied to the whole order.').optional(),
};

export const saleCreateInput = z.object({
  ...saleFields,
  items: z
    .array(item)
    .max(MAX_LINES)
    .optional()
    .describe(`The order lines (at most ${MAX_LINES}): objects, or Kash legacy strings.`),
  itemsList: z
    .array(item.options[0])
    .max(MAX_LINES)
    .optional()
    .describe('Kash legacy item strings (same as string items).'),
  idempotencyKey: z
    .string()
    .min(1)
    .max(MAX_TEXT.token)
    .optional()
    .describe(
      'A unique key for this sale (e.g. a UUID). Sending the same key again returns the sale first recorded instead of recording it twice: always set one when a retry is possible.',
    ),
});
export type SaleCreateInput = z.infer<typeof saleCreateInput>;

const orderRef = {
  orderId: idRef().optional().describe('The order id (give it or orderNumber).'),
  orderNumber: idRef()
    .optional()
    .describe('The order number printed on the receipt (validated orders), instead of orderId.'),
};

export const FULFILMENT = ['pending', 'ready', 'served', 'delivered'] as const;

export const orderEditInput = z.object({
  ...orderRef,
  items: z.array(item).max(MAX_LINES).optional().describe('Quotes only: replaces all the lines.'),
  deliveryMethod: saleFields.deliveryMethod.describe('Quotes only: the delivery method code.'),
  discount: saleFields.discount.describe('Quotes only: the order discount.'),
  idClient: saleFields.idClient.describe('Quotes only: the client id.'),
  payment: paymentField(
    '-1 validates a quote unpaid; a payment method (id, name or type, e.g. "card") validates a quote if needed and records a payment.',
  ),
  paymentAmount: saleFields.paymentAmount,
  status: z
    .enum(FULFILMENT)
    .optional()
    .describe('Fulfilment status: pending, ready, served (on site) or delivered.'),
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
    .describe(
      'A unique key for this edit; the same key again returns the first result instead of paying twice.',
    ),
});
export type OrderEditInput = z.infer<typeof orderEditInput>;

export const orderDetailInput = z.object(orderRef);

export const orderRefundInput = z.object({
  ...orderRef,
  lines: z
    .array(
      z.object({
        lineId: idRef().describe('The id of a line of the original order ({{detail}}).'),
        quantity: z
          .number()
          .min(0)
          .max(MAX_QUANTITY)
          .optional()
          .describe('How many units to refund (default: all not yet refunded).'),
      }),
    )
    .max(MAX_LINES)
    .optional()
    .describe('The lines to refund, each line once; omit to refund everything not yet refunded.'),
  payment: idRef()
    .optional()
    .describe(
      'Payment method id used to pay the money back ({{list:payments_modes}}, a refund method preferably). Default: the refund method matching the original payment.',
    ),
  reason: z
    .string()
    .max(MAX_TEXT.reason)
    .optional()
    .describe('Why the order is refunded or cancelled (printed on the credit note).'),
  restock: z
    .boolean()
    .optional()
    .describe(
      'true puts the refunded units of stock-tracked products back in stock (goods returned unused). Default false: what was served or consumed stays out.',
    ),
  idempotencyKey: saleCreateInput.shape.idempotencyKey,
});
export type OrderRefundInput = z.infer<typeof orderRefundInput>;

export const listOrdersInput = z.object({
  validatedOrders: z
    .boolean()
    .default(true)
    .describe('true (default): validated orders only (sales and credit notes); false: quotes as well.'),
  from_date_ISO8601: dateText()
    .optional()
    .describe(
      'Start of the period: a date (2026-11-21, from the start of that business day) or a date-time with or without offset. Default: today.',
    ),
  to_date_ISO8601: dateText()
    .optional()
    .describe(
      "End of the period: a date (2026-11-21, up to the end of that business day) or a date-time. Default: the end of the start date's business day.",
    ),
  filterDeliveryMethod: idNumber().optional().describe('Only orders with this delivery method code.'),
  ...pageFields,
});
export type ListOrdersInput = z.infer<typeof listOrdersInput>;

export const pendingOrdersInput = z.object({
  filterDeliveryMethod: idNumber().optional().describe('Only orders with this delivery method code.'),
  ...pageFields,
});

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
  total: amount.describe('Line total after its discount, VAT included.'),
  vatRate: vatPercent,
  refundOfLineId: z.int().nullable(),
  refundedQuantity: z.int().describe('Units of this line already refunded by credit notes.'),
});

export const vatBreakdown = z.array(
  z
    .object({ rate: vatPercent, ht: amount, vat: amount, ttc: amount })
    .describe('Per VAT rate: HT + VAT = TTC.'),
);

export const order = z.object({
  id: z.int(),
  number: z.int().nullable().describe('Gap-free number of the shop, given at validation; null for a quote.'),
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
  deliveryTime: z.string().nullable().describe("Scheduled time, in the shop's time zone."),
  createdAt: z.string(),
  validatedAt: z.string().nullable(),
  lines: z.array(orderLine),
  subtotal: amount.describe('Sum of the lines after their discounts.'),
  discount: amount.describe('Order discount.'),
  total: amount.describe('Total VAT included (TTC).'),
  totalHT: amount,
  totalVAT: amount,
  vat: vatBreakdown,
  paid: amount.describe('Amount paid (for a credit note: paid back, negative).'),
  refunded: amount.describe('Value of the credit notes issued against this order.'),
  due: amount.describe('Amount the customer still owes (0 when settled).'),
  payments: z.array(z.object({ id: z.int(), methodId: z.int(), method: z.string(), amount, at: z.string() })),
  refundOfOrderId: z.int().nullable().describe('For a credit note: the order it corrects.'),
  creditNotes: z.array(z.object({ id: z.int(), number: z.int().nullable(), total: amount })),
  warnings: z.array(z.string()).describe('Things to tell the user, e.g. a product under its stock alert.'),
  replayed: z
    .boolean()
    .describe('True when an idempotency key returned an order recorded earlier, nothing new was written.'),
});
export type OrderView = z.infer<typeof order>;

export const orderSummary = z.object({
  id: z.int(),
  number: z.int().nullable(),
  status: z.enum(['quote', 'validated']),
  kind: z.enum(['sale', 'credit_note']),
  date: z.string().describe("Validation time (or creation time for a quote), in the shop's time zone."),
  deliveryMethod: z
    .object({ id: z.int(), name: z.string() })
    .describe('The code and its name, as in an order.'),
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
