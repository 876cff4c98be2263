/** The summary report: any period, filters and grouping, from the summary rows or the order rows. */
import type { Ctx } from '../shared/context.js';
import { currentShop, shopClock } from '../shops/shops.service.js';
import { emptyAcc, mergeAcc, nameGroups, summarize } from './reports.engine.js';
import { type SummaryInput } from './reports.schemas.js';
import { resolvePeriod } from '../../domain/periods.js';
import { toFilters } from './reports.filters.js';
import { measuresOf, vatRatesOf, sortGroups, periodOut, meta } from './reports.present.js';

export async function reportSummary(ctx: Ctx, input: SummaryInput) {
  const shop = await currentShop(ctx);
  const period = resolvePeriod(input, shopClock(shop), ctx.clock());
  const filters = await toFilters(ctx, input);
  // names are looked up for the listed groups only, unless the groups are sorted by name
  const s = await summarize(ctx, period, filters, input.groupBy, input.sort === 'label');
  const payments = input.groupBy === 'payment_method';
  const sorted = input.groupBy ? sortGroups(s.groups, input.groupBy, input.sort, input.order) : [];
  const listed = sorted.slice(0, input.limit);
  await nameGroups(ctx, s.dim ?? null, listed, period);
  const rest = sorted.slice(input.limit);
  let others = null;
  if (rest.length > 0) {
    const acc = emptyAcc();
    for (const g of rest) mergeAcc(acc, g.acc);
    others = { groups: rest.length, ...measuresOf(acc, payments) };
  }
  return {
    period: periodOut(period, shop),
    ...meta(ctx, shop, s.source, input),
    totals: measuresOf(s.totals),
    vatRates: vatRatesOf(s.totals),
    groupBy: input.groupBy ?? null,
    groupCount: sorted.length,
    groups: listed.map((g) => ({ key: g.key, label: g.label, ...measuresOf(g.acc, payments) })),
    others,
    unassigned: s.unassigned ? measuresOf(s.unassigned, payments) : null,
  };
}
