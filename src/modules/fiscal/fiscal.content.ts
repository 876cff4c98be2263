/**
 * What a fiscal record says, built from the sales ledger's rows: the same function makes a record when
 * the sale is written and, at verification, the record the live rows would make today — if the two
 * differ, a row was changed. No row id is part of it (a restore into another database still verifies);
 * what a receipt prints by name (cashbox, user, payment method) is copied as it was then, and left out
 * of the comparison with the live rows, where a rename is allowed.
 */
import type { Canonical } from './fiscal.canonical.js';
import type { LineRow, OrderRow } from './fiscal.types.js';

export interface PaidWith {
  method: string | null;
  type: string | null;
  amount: number;
  at: string;
}

export interface Names {
  cashbox: string | null;
  user: string | null;
}

/** The content of a validated order's or credit note's record. */
export function orderContent(
  order: OrderRow,
  lines: readonly LineRow[],
  payments: readonly PaidWith[],
  names: Names,
  refundOf: number | null,
): { [key: string]: Canonical } {
  const rates = new Map<number, { ttc: number; vat: number }>();
  for (const l of lines) {
    const r = rates.get(l.vat_bp) ?? { ttc: 0, vat: 0 };
    r.ttc += l.net_total;
    r.vat += l.vat;
    rates.set(l.vat_bp, r);
  }
  const vat = [...rates.entries()]
    .sort(([a], [b]) => a - b)
    .map(([rateBp, r]) => ({ rateBp, ht: r.ttc - r.vat, vat: r.vat, ttc: r.ttc }));
  const vatTotal = vat.reduce((s, r) => s + r.vat, 0);
  return {
    kind: order.refund_of === null ? 'sale' : 'credit_note',
    number: order.number,
    at: order.validated_at,
    day: order.business_day,
    currency: order.currency,
    ...(order.refund_of === null ? {} : { refundOf }),
    cashbox: names.cashbox,
    user: names.user,
    lines: [...lines]
      .sort((a, b) => a.position - b.position)
      .map((l) => ({
        title: l.title,
        quantity: l.quantity,
        unitPrice: l.unit_price,
        variations: variationsOf(l.variations),
        discount: l.discount,
        total: l.total,
        net: l.net_total,
        vatBp: l.vat_bp,
        vat: l.vat,
      })),
    vat,
    totals: {
      subtotal: order.subtotal,
      discount: order.discount_total,
      ttc: order.total,
      ht: order.total - vatTotal,
      vat: vatTotal,
    },
    payments: payments.map((p) => ({ method: p.method, type: p.type, amount: p.amount, at: p.at })),
  };
}

/** The content of a payment recorded after its order (or a credit note's pay-back added later). */
export function paymentContent(
  orderNumber: number | null,
  payment: { amount: number; created_at: string; business_day: string },
  method: { name: string | null; type: string | null },
): { [key: string]: Canonical } {
  return {
    kind: 'payment',
    order: orderNumber,
    at: payment.created_at,
    day: payment.business_day,
    method: method.name,
    type: method.type,
    amount: payment.amount,
  };
}

function variationsOf(json: string): Canonical[] {
  try {
    const list = JSON.parse(json) as { name?: unknown; priceDelta?: unknown }[];
    return list.map((v) => ({
      name: typeof v.name === 'string' ? v.name : null,
      priceDelta: typeof v.priceDelta === 'number' ? v.priceDelta : 0,
    }));
  } catch {
    return [{ unreadable: json }];
  }
}

/**
 * The content without what may change lawfully after it was recorded (compared with what the live rows
 * make): the names a rename changes, and the business day, which a new time zone or close hour places
 * again (the record keeps the day it was sold in).
 */
export function withoutNames(content: { [key: string]: Canonical }): { [key: string]: Canonical } {
  const { cashbox: _c, user: _u, method: _m, day: _d, payments, ...rest } = content;
  void _c;
  void _u;
  void _m;
  void _d;
  return Array.isArray(payments)
    ? {
        ...rest,
        payments: payments.map((p) => {
          const { method: _n, ...kept } = p as { [key: string]: Canonical };
          void _n;
          return kept;
        }),
      }
    : rest;
}
