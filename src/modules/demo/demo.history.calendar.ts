/**
 * When a generated history's orders happen: which business days, how many orders each (weekday,
 * season, holidays, growth year on year), at which clock hours (breakfast, lunch, dinner, after
 * midnight), and where an instant falls in the shop's week.
 */
import {
  addDays,
  businessDayOf,
  businessDayRange,
  isoWeekday,
  paymentDay,
  validationMoment,
  type ShopClock,
} from '../../domain/time.js';

const HOUR_MS = 3_600_000;

export interface HistoryDay {
  /** 0 for the first day of the window */
  index: number;
  /** the business day, YYYY-MM-DD */
  day: string;
  /** ISO weekday, 1 = Monday */
  weekday: number;
  month: number;
  /** start and (exclusive) end instants of the business day, ms */
  from: number;
  to: number;
  /** sales to generate on this day */
  orders: number;
}

// Index by ISO weekday (1 = Monday): Monday is the quiet day, weekends are the busy ones.
const WEEKDAY_FACTOR = [0, 0.62, 0.9, 0.95, 1, 1.22, 1.45, 1.2];
// Index by month: summer terraces and December are the strong seasons.
const MONTH_FACTOR = [0, 0.86, 0.84, 0.94, 1, 1.06, 1.14, 1.24, 1.12, 1, 0.96, 0.95, 1.28];
const SPECIAL_DAYS: Record<string, number> = { '01-01': 0.5, '12-24': 1.3, '12-25': 0.45, '12-31': 1.35 };
const GROWTH_PER_YEAR = 1.06;

/**
 * The `days` business days that end before the business day of `now`, oldest first, with their order
 * counts: on average `ordersPerDay`, shaped by weekday, season and growth, with some day-to-day noise.
 */
export function historyDays(
  now: Date,
  clock: ShopClock,
  days: number,
  ordersPerDay: number,
  rand: () => number,
): HistoryDay[] {
  const today = businessDayOf(now, clock);
  const list: HistoryDay[] = [];
  const weights: number[] = [];
  for (let index = 0; index < days; index++) {
    const day = addDays(today, index - days);
    const range = businessDayRange(day, clock);
    const weekday = isoWeekday(day);
    const month = Number(day.slice(5, 7));
    list.push({
      index,
      day,
      weekday,
      month,
      from: range.from.getTime(),
      to: range.to.getTime(),
      orders: 0,
    });
    weights.push(
      (WEEKDAY_FACTOR[weekday] ?? 1) *
        (MONTH_FACTOR[month] ?? 1) *
        (SPECIAL_DAYS[day.slice(5)] ?? 1) *
        GROWTH_PER_YEAR ** (index / 365),
    );
  }
  const scale = (ordersPerDay * days) / weights.reduce((s, w) => s + w, 0);
  for (const d of list) d.orders = Math.round((weights[d.index] ?? 0) * scale * (0.85 + 0.3 * rand()));
  return list;
}

// Weight of each local clock hour (0..23). The demo café opens at 7 and closes at 2 in the morning.
//                       0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15 16 17 18 19 20 21 22 23
const WEEKDAY_HOURS = [2, 1, 0, 0, 0, 0, 0, 5, 9, 7, 4, 5, 13, 12, 5, 3, 3, 4, 6, 8, 10, 8, 4, 3];
const FRIDAY_HOURS = [3, 2, 0, 0, 0, 0, 0, 5, 8, 6, 4, 5, 12, 11, 5, 3, 3, 5, 8, 10, 11, 10, 7, 5];
const SATURDAY_HOURS = [4, 3, 0, 0, 0, 0, 0, 2, 4, 7, 9, 9, 12, 12, 8, 5, 5, 6, 8, 10, 12, 10, 8, 6];
const SUNDAY_HOURS = [2, 1, 0, 0, 0, 0, 0, 2, 4, 8, 11, 12, 13, 12, 8, 5, 4, 4, 5, 7, 8, 6, 3, 2];

function cumulative(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}
const HOUR_TABLES = [WEEKDAY_HOURS, FRIDAY_HOURS, SATURDAY_HOURS, SUNDAY_HOURS].map(cumulative);

/** Index of the first cumulative weight above `rand × total` (weights given as a running sum). */
export function pickCumulative(cum: readonly number[], r: number): number {
  const target = r * (cum[cum.length - 1] ?? 0);
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cum[mid] ?? 0) > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** A clock hour for an order of `day`, drawn from the day's profile. */
export function drawHour(day: HistoryDay, rand: () => number): number {
  const table = day.weekday === 5 ? 1 : day.weekday === 6 ? 2 : day.weekday === 7 ? 3 : 0;
  return pickCumulative(HOUR_TABLES[table] ?? [], rand());
}

export type Moment = ReturnType<typeof validationMoment>;
export type PaymentMoment = ReturnType<typeof paymentDay>;
interface Cached {
  order: Moment;
  payment: PaymentMoment;
}

/**
 * `validationMoment` and `paymentDay` of many instants, remembered per clock bucket: every instant of
 * an hour (or, in zones with a half- or quarter-hour offset, of a quarter of an hour) falls on the same
 * business day and clock hour, which is checked at the start, middle and end of each bucket before the
 * bucket is trusted. Instants in a bucket that fails the check are computed one by one.
 */
export class ShopMoments {
  private readonly buckets = new Map<number, Cached | null>();

  constructor(private readonly clock: ShopClock) {}

  private bucket(start: number, length: number): Cached | null {
    const key = start / length + (length === HOUR_MS ? 0 : 0.5); // two kinds of keys, never equal
    let cached = this.buckets.get(key);
    if (cached !== undefined) return cached;
    const a = validationMoment(new Date(start), this.clock);
    const b = validationMoment(new Date(start + length / 2), this.clock);
    const c = validationMoment(new Date(start + length - 1), this.clock);
    const same = (x: Moment, y: Moment) =>
      x.business_day === y.business_day && x.weekday === y.weekday && x.hour === y.hour;
    cached = same(a, b) && same(a, c) ? { order: a, payment: paymentDay(new Date(start), this.clock) } : null;
    this.buckets.set(key, cached);
    return cached;
  }

  private lookup(ms: number): Cached {
    const hour = this.bucket(Math.floor(ms / HOUR_MS) * HOUR_MS, HOUR_MS);
    if (hour) return hour;
    const quarter = this.bucket(Math.floor(ms / (HOUR_MS / 4)) * (HOUR_MS / 4), HOUR_MS / 4);
    if (quarter) return quarter;
    const at = new Date(ms);
    return { order: validationMoment(at, this.clock), payment: paymentDay(at, this.clock) };
  }

  /** The business day, weekday and hour columns of an order validated at `ms`. */
  order(ms: number): Moment {
    return this.lookup(ms).order;
  }

  /** The business day and weekday columns of a payment made at `ms`. */
  payment(ms: number): PaymentMoment {
    return this.lookup(ms).payment;
  }
}

/**
 * The instant of clock hour `hour` (+ `offsetMs`) on business day `day`. On the two days a year the
 * clocks change, the hour is read on the shop's clock again and the instant moved to match it.
 */
export function instantOf(
  day: HistoryDay,
  hour: number,
  offsetMs: number,
  clock: ShopClock,
  moments: ShopMoments,
): number {
  const elapsed = ((hour - clock.closeHour + 24) % 24) * HOUR_MS + offsetMs;
  let at = day.from + elapsed;
  if (day.to - day.from !== 24 * HOUR_MS) {
    const shown = moments.order(at).hour;
    const shift = ((hour - shown + 36) % 24) - 12;
    if (shift !== 0 && moments.order(at + shift * HOUR_MS).hour === hour) at += shift * HOUR_MS;
  }
  return Math.min(Math.max(at, day.from), day.to - 1);
}
