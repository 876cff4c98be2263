/** Kash's day, month or year report. */
import type { Ctx } from '../shared/context.js';
import { InputError } from '../../domain/errors.js';
import { fromCents } from '../../domain/money.js';
import { daysInMonth, rangeOf, upTo, type DayPeriod } from '../../domain/periods.js';
import { businessDayOf, checkYear, parseDateBound } from '../../domain/time.js';
import { currentShop, shopClock } from '../shops/shops.service.js';
import { summarize } from './reports.engine.js';
import { unpaidOf } from './reports.query.js';
import { type Grouping } from './reports.schemas.js';
import { measuresOf, vatRatesOf, sortGroups, periodOut, meta } from './reports.present.js';

/** The Kash report: a business day, a month or a year, with the usual splits. */
export async function reportGet(ctx: Ctx, input: { type: string; date?: string | undefined }) {
  const shop = await currentShop(ctx);
  const clock = shopClock(shop);
  const today = businessDayOf(ctx.clock(), clock);
  const type = input.type[0] as 'd' | 'm' | 'y';
  const date = (input.date ?? today).trim();
  const pattern = { d: /^\d{4}-\d{2}-\d{2}$/, m: /^\d{4}-\d{2}(-\d{2})?$/, y: /^\d{4}(-\d{2}(-\d{2})?)?$/ }[
    type
  ];
  if (!pattern.test(date))
    throw new InputError(
      'date',
      `"${input.date}" does not name a ${{ d: 'day (YYYY-MM-DD)', m: 'month (YYYY-MM)', y: 'year (YYYY)' }[type]}.`,
    );
  checkYear(date, 'date');
  const y = Number(date.slice(0, 4));
  const m = type === 'y' ? 1 : Number(date.slice(5, 7));
  if (date.length >= 7 && (Number(date.slice(5, 7)) < 1 || Number(date.slice(5, 7)) > 12))
    throw new InputError('date', `"${date}" has no month ${date.slice(5, 7)}: months are 01 to 12.`);
  if (date.length === 10) parseDateBound(date, 'from', clock, 'date'); // a day that exists
  const pad = (n: number) => String(n).padStart(2, '0');
  const days: DayPeriod =
    type === 'd'
      ? { from: date, to: date, unit: 'day', length: 1 }
      : type === 'm'
        ? {
            from: `${y}-${pad(m)}-01`,
            to: `${y}-${pad(m)}-${pad(daysInMonth(y, m))}`,
            unit: 'month',
            length: 1,
          }
        : { from: `${y}-01-01`, to: `${y}-12-31`, unit: 'year', length: 1 };
  const period = rangeOf(
    days.from > today ? days : upTo(days, today),
    clock,
    { d: 'day', m: 'month', y: 'year' }[type],
  );
  const split = async (g: Grouping) => {
    const s = await summarize(ctx, period, {}, g);
    return {
      s,
      rows: sortGroups(s.groups, g).map((x) => ({
        key: x.key,
        label: x.label,
        ...measuresOf(x.acc, g === 'payment_method'),
      })),
    };
  };
  const byTime = await split(type === 'd' ? 'hour' : type === 'm' ? 'day' : 'month');
  const totals = byTime.s.totals;
  return {
    type,
    period: periodOut(period, shop),
    ...meta(ctx, shop, byTime.s.source, {}),
    totals: measuresOf(totals),
    vatRates: vatRatesOf(totals),
    byTime: byTime.rows,
    byPaymentMethod: (await split('payment_method')).rows,
    byDeliveryMethod: (await split('delivery_method')).rows,
    byDepartment: (await split('department')).rows,
    unpaid: fromCents(await unpaidOf(ctx.db, ctx.shopId, period, {})),
  };
}
