/** The Kash sales tools: sale_create, order_edit, order_detail, order_refund and the order lists. */
import * as z from 'zod';
import { listOutput } from '../../modules/shared/list.schemas.js';
import { refundOrder } from '../../modules/sales/sales.refund.js';
import * as s from '../../modules/sales/sales.schemas.js';
import {
  createSale,
  editOrder,
  listOrders,
  listPendingOrders,
  orderDetail,
} from '../../modules/sales/sales.service.js';
import { defineTool, listText, type AnyToolSpec } from '../tool.js';

const ordersOutput = listOutput(s.orderSummary).extend({
  period: z
    .object({ from: z.string(), to: z.string(), timeZone: z.string() })
    .describe("The period read, in the shop's time zone ([from, to))."),
  currency: z.string(),
  summary: z
    .object({ orders: z.int(), total: z.number(), paid: z.number() })
    .describe(
      'Over every matching order (all pages): count, total sales TTC (validated orders, credit notes count negative) and amount paid.',
    ),
});

const saleCreate = defineTool({
  name: 'sale_create',
  title: 'Record a sale',
  description:
    'Records a sale (or a quote) in the cash register, Kash-compatible. Lines can name products (productName, e.g. "Café crème"), give productId, or use Kash legacy strings ("12_2" = two of product 12). ' +
    'payment: -2 quote, -1 validated unpaid (default), or a payment method id = paid. On site (deliveryMethod 2, the default with a table) uses eat-in VAT. ' +
    'Returns the order as recorded: number, lines, VAT breakdown, total, paid and due. If a name matches several products the call fails and lists them: ask the user. ' +
    'Always pass an idempotencyKey when you might retry: the same key returns the first sale instead of recording it twice.',
  scope: 'sell',
  input: s.saleCreateInput,
  output: s.order,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  run: createSale,
});

export const salesTools: AnyToolSpec[] = [
  saleCreate,
  {
    ...saleCreate,
    name: 'order_create',
    title: 'Record an order',
    description: "Kash's newer name of sale_create: the same arguments and result.",
    aliasOf: 'sale_create',
  },
  defineTool({
    name: 'order_edit',
    title: 'Edit an order',
    description:
      'Changes an order: validate a quote (payment -1), record a payment or a partial payment (payment = method id, paymentAmount), change comments, pager, table, covers, scheduled time or fulfilment status (pending, ready, served, delivered). ' +
      "A quote's lines, delivery method, discount and client can be replaced; a validated order's lines and amounts never change (use order_refund).",
    scope: 'sell',
    input: s.orderEditInput,
    output: s.order,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
    run: editOrder,
  }),
  defineTool({
    name: 'order_refund',
    title: 'Refund or cancel an order',
    description:
      'Refunds a validated order, all of it or some lines (lineId, quantity), by issuing a credit note: a new validated order with negative lines referencing the original, which stays unchanged. ' +
      'Money the customer paid is paid back through a refund method; an unpaid order is simply cancelled. Nothing can be refunded twice.',
    scope: 'sell',
    input: s.orderRefundInput,
    output: s.order,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
    run: refundOrder,
  }),
  defineTool({
    name: 'order_detail',
    title: 'Show an order',
    description:
      'Shows one order by id or receipt number: lines, VAT breakdown, payments, what is still due, credit notes. Answers "did the customer pay?"',
    scope: 'read',
    input: s.orderDetailInput,
    output: s.order,
    annotations: { readOnlyHint: true, idempotentHint: true },
    run: orderDetail,
  }),
  defineTool({
    name: 'data_list_orders',
    title: 'List orders',
    description:
      "Lists the orders of a period (default: today's business day, in the shop's time zone), with the totals of the whole period in summary. " +
      'Kash arguments: validatedOrders, from_date_ISO8601, to_date_ISO8601 (dates with or without time and offset), filterDeliveryMethod. Paginated; format json, csv or html.',
    scope: 'read',
    input: s.listOrdersInput,
    output: ordersOutput,
    annotations: { readOnlyHint: true, idempotentHint: true },
    run: listOrders,
    text: listText,
  }),
  defineTool({
    name: 'data_list_pending_orders',
    title: 'List orders in progress',
    description:
      'Lists validated orders not yet served or delivered (fulfilment pending or ready), with their scheduled time. Paginated; format json, csv or html.',
    scope: 'read',
    input: s.pendingOrdersInput,
    output: listOutput(s.orderSummary),
    annotations: { readOnlyHint: true, idempotentHint: true },
    run: listPendingOrders,
    text: listText,
  }),
];
