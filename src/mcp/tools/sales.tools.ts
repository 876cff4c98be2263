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

const ordersOutput = listOutput(s.orderSummary)
  .extend({
    period: z.object({ from: z.string(), to: z.string(), timeZone: z.string() }).describe('[from, to).'),
    currency: z.string(),
    summary: z
      .object({ orders: z.int(), total: z.number(), paid: z.number() })
      .describe('All pages; total of validated orders, credit notes negative.'),
  })
  .describe(s.OUTPUT_UNITS);

const saleCreate = defineTool({
  name: 'sale_create',
  title: 'Record a sale',
  description:
    'Records a sale or a quote; amounts in major units, VAT incl. A productName matching several products fails and lists them: ask the user.',
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
    description: "Kash's newer name of sale_create: same arguments and result.",
    aliasOf: 'sale_create',
  },
  defineTool({
    name: 'order_edit',
    title: 'Edit an order',
    description:
      'Validates a quote, records a payment, or changes comments, pager, table, covers, time or fulfilment status. ' +
      "A validated order's amounts never change: use order_refund.",
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
      'Refunds a validated order, whole or some lines, by a credit note (the original stays unchanged); an unpaid one is cancelled. ' +
      'Nothing is refunded twice.',
    scope: 'sell',
    input: s.orderRefundInput,
    output: s.order,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
    run: refundOrder,
  }),
  defineTool({
    name: 'order_detail',
    title: 'Show an order',
    description: 'Shows one order: lines, VAT, payments, what is due, credit notes.',
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
      'Lists the orders of a period (default: the current business day); summary totals all pages. Rows carry no lines or payments: order_detail.',
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
    description: 'Lists validated orders not yet served or delivered (pending or ready).',
    scope: 'read',
    input: s.pendingOrdersInput,
    output: listOutput(s.orderSummary).describe(s.OUTPUT_UNITS),
    annotations: { readOnlyHint: true, idempotentHint: true },
    run: listPendingOrders,
    text: listText,
  }),
];
