/** The cash (X) report of a period — money by payment method, cash expected, VAT per rate. */
import type { Ctx } from '../shared/context.js';
import { fromCents } from '../../domain/money.js';
import { currentShop, shopClock } from '../shops/shops.service.js';
import { summarize } from './reports.engine.js';
import { labelsOf } from './reports.names.js';
import { unpaidOf, type Filters } from './reports.query.js';
import * as venue from '../venue/venue.service.js';
import { resolvePeriod, type PeriodArgs } from '../../domain/periods.js';
import { measuresOf, vatRatesOf, sortGroups, periodOut, meta } from './reports.present.js';

/** The cash register report (X report) of a period, for the shop or one cashbox. Reads only. */
export async function reportCash(ctx: Ctx, input: PeriodArgs & { cashboxId?: number | undefined }) {
  const shop = await currentShop(ctx);
  const period = resolvePeriod(input, shopClock(shop), ctx.clock());
  let cashbox: { id: number; name: string } | null = null;
  if (input.cashboxId !== undefined) {
    await venue.requireRef(ctx, 'cashboxes', input.cashboxId, 'cashboxId', { archived: true });
    const names = await labelsOf(ctx, 'cashbox', [input.cashboxId]);
    cashbox = { id: input.cashboxId, name: names.get(input.cashboxId) ?? `#${input.cashboxId}` };
  }
  const filters: Filters = cashbox ? { cashbox: [cashbox.id] } : {};
  const byMethod = await summarize(ctx, period, filters, 'payment_method');
  const methods = new Map((await venue.paymentMethods(ctx)).map((m) => [m.id, m]));
  const payments = sortGroups(byMethod.groups, 'payment_method').map((g) => ({
    methodId: Number(g.key),
    method: g.label,
    type: methods.get(Number(g.key))?.type ?? 'other',
    payments: g.acc.m.payments,
    received: fromCents(g.acc.m.paid),
  }));
  const t = measuresOf(byMethod.totals);
  const cash = byMethod.groups
    .filter((g) => methods.get(Number(g.key))?.type === 'cash')
    .reduce((s, g) => s + g.acc.m.paid, 0);
  return {
    period: periodOut(period, shop),
    ...meta(ctx, shop, byMethod.source, cashbox ? { cashboxId: cashbox.id } : {}),
    cashbox,
    payments,
    totalReceived: fromCents(byMethod.groups.reduce((s, g) => s + g.acc.m.paid, 0)),
    cashExpected: fromCents(cash),
    tickets: t.orders,
    covers: t.covers,
    averageTicket: t.averageTicket,
    sales: t.sales,
    refundCount: t.refundCount,
    refunds: t.refunds,
    revenue: t.revenue,
    revenueHT: t.revenueHT,
    vat: t.vat,
    vatRates: vatRatesOf(byMethod.totals),
    unpaid: fromCents(await unpaidOf(ctx.db, ctx.shopId, period, filters)),
  };
}
