/**
 * Report periods in business days: the presets people name ("today", "this week", "last month",
 * "this year", "the last 7 days") and the period to compare with (the one before, the same one a year
 * before). Pure: days are `YYYY-MM-DD` strings of business days, both ends included.
 *
 * A period that reaches into the future stops at today: "this year" on 21 November is 1 January to
 * 21 November, so comparing it with "the same period a year before" compares like with like.
 */
import { InputError } from './errors.js';
import {
  addDays,
  businessDayOf,
  businessDayRange,
  isoWeekday,
  parseDateBound,
  toShopIso,
  type ShopClock,
} from './time.js';

export const PRESETS = [
  'today',
  'yesterday',
  'this_week',
  'last_week',
  'this_month',
  'last_month',
  'this_year',
  'last_year',
  'last_days',
] as const;
export type Preset = (typeof PRESETS)[number];

export interface DayPeriod {
  /** first business day */
  from: string;
  /** last business day, included */
  to: string;
  /** the unit the period is a whole of, to find "the one before" */
  unit: 'day' | 'week' | 'month' | 'year';
  /** length in units (days for `day`) */
  length: number;
}

const ymd = (day: string) => day.split('-').map(Number) as [number, number, number];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const dayOf = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

/** Days in month `m` (1..12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** `day` moved by `months` calendar months, clamped to the end of the target month (31 Mar - 1 = 28/29 Feb). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = ymd(day);
  const index = y * 12 + (m - 1) + months;
  const ty = Math.floor(index / 12);
  const tm = (index % 12) + 1;
  return dayOf(ty, tm, Math.min(d, daysInMonth(ty, tm)));
}

/** Monday of the ISO week of `day`. */
export function weekStart(day: string): string {
  return addDays(day, 1 - isoWeekday(day));
}

/** ISO week label of `day`, e.g. `2026-W47`. */
export function isoWeekLabel(day: string): string {
  const thursday = addDays(day, 4 - isoWeekday(day));
  const year = Number(thursday.slice(0, 4));
  const jan4 = `${pad(year, 4)}-01-04`;
  const week = Math.round(daysBetween(weekStart(jan4), weekStart(day)) / 7) + 1;
  return `${year}-W${pad(week)}`;
}

/** Whole days from `a` to `b` (b - a). */
export function daysBetween(a: string, b: string): number {
  const [ay, am, ad] = ymd(a);
  const [by, bm, bd] = ymd(b);
  return Math.round((Date.UTC(by, bm - 1, bd) - Date.UTC(ay, am - 1, ad)) / 86_400_000);
}

const earliest = (a: string, b: string) => (a < b ? a : b);

/** The period of a preset, `today` being the current business day. `days` is for `last_days`. */
export function presetPeriod(preset: Preset, today: string, days = 7): DayPeriod {
  const [y, m] = ymd(today);
  switch (preset) {
    case 'today':
      return { from: today, to: today, unit: 'day', length: 1 };
    case 'yesterday': {
      const d = addDays(today, -1);
      return { from: d, to: d, unit: 'day', length: 1 };
    }
    case 'this_week':
      return { from: weekStart(today), to: today, unit: 'week', length: 1 };
    case 'last_week': {
      const from = addDays(weekStart(today), -7);
      return { from, to: addDays(from, 6), unit: 'week', length: 1 };
    }
    case 'this_month':
      return { from: dayOf(y, m, 1), to: today, unit: 'month', length: 1 };
    case 'last_month': {
      const from = addMonths(dayOf(y, m, 1), -1);
      const [fy, fm] = ymd(from);
      return { from, to: dayOf(fy, fm, daysInMonth(fy, fm)), unit: 'month', length: 1 };
    }
    case 'this_year':
      return { from: dayOf(y, 1, 1), to: today, unit: 'year', length: 1 };
    case 'last_year':
      return { from: dayOf(y - 1, 1, 1), to: dayOf(y - 1, 12, 31), unit: 'year', length: 1 };
    case 'last_days':
      return { from: addDays(today, 1 - days), to: today, unit: 'day', length: days };
  }
}

/** A period moved by `months`, keeping month ends: a period that ran to the end of its month still does. */
function shiftMonths(p: DayPeriod, months: number): DayPeriod {
  const from = addMonths(p.from, months);
  const [ty, tm, td] = ymd(p.to);
  let to = addMonths(p.to, months);
  if (td === daysInMonth(ty, tm)) {
    const [sy, sm] = ymd(addMonths(dayOf(ty, tm, 1), months));
    to = dayOf(sy, sm, daysInMonth(sy, sm));
  }
  return { ...p, from, to };
}

/** Shifts a period by `n` of its units (n = -1: the period before). Month and year ends are kept. */
export function shiftPeriod(p: DayPeriod, n: number): DayPeriod {
  if (p.unit === 'day' || p.unit === 'week') {
    const by = n * p.length * (p.unit === 'week' ? 7 : 1);
    return { ...p, from: addDays(p.from, by), to: addDays(p.to, by) };
  }
  return shiftMonths(p, n * p.length * (p.unit === 'year' ? 12 : 1));
}

/**
 * The same period a year before: the same dates (29 February becomes 28 February; month ends stay
 * month ends, so February 2029 is compared with all of February 2028), except weeks, which move by 52
 * weeks so that Monday is compared with Monday.
 */
export function yearBefore(p: DayPeriod): DayPeriod {
  if (p.unit === 'week') return { ...p, from: addDays(p.from, -364), to: addDays(p.to, -364) };
  if (p.unit === 'month' || p.unit === 'year') return shiftMonths(p, -12);
  return { ...p, from: addMonths(p.from, -12), to: addMonths(p.to, -12) };
}

/** The day a year after `day` as `yearBefore` pairs them (52 weeks for weeks, else the same date). */
export function yearAfterDay(day: string, unit: DayPeriod['unit']): string {
  return unit === 'week' ? addDays(day, 364) : addMonths(day, 12);
}

/** Stops a period at `today`. */
export function upTo(p: DayPeriod, today: string): DayPeriod {
  return { ...p, to: earliest(p.to, today) };
}

// ---- Periods as a report reads them: a preset or from/to, in business days or exact times ----

/** A period: its business days and its exact instants (ISO, `to` excluded). */
export interface Range {
  fromDay: string;
  toDay: string;
  /** ISO instants, `to` excluded */
  from: string;
  to: string;
}

const DATE_ONLY = /^\s*\d{4}-\d{2}-\d{2}\s*$/;

export interface Period extends Range {
  dayAligned: boolean;
  label: string;
  days: DayPeriod;
}

export function rangeOf(p: DayPeriod, clock: ShopClock, label: string): Period {
  return {
    fromDay: p.from,
    toDay: p.to,
    from: businessDayRange(p.from, clock).from.toISOString(),
    to: businessDayRange(p.to, clock).to.toISOString(),
    dayAligned: true,
    label: `${label} (${p.from === p.to ? p.from : `${p.from} to ${p.to}`})`,
    days: p,
  };
}

export interface PeriodArgs {
  period?: Preset | undefined;
  days?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** The names of the from/to fields, for the messages (a comparison's compareFrom/compareTo). */
interface Fields {
  from: string;
  to: string;
}

const LAST_DAY = '9998-12-31';

/** The period asked for: a preset, or from/to (whole business days, or exact times). */
export function resolvePeriod(
  args: PeriodArgs,
  clock: ShopClock,
  now: Date,
  fields: Fields = { from: 'from', to: 'to' },
): Period {
  const today = businessDayOf(now, clock);
  if (args.from === undefined && args.to === undefined) {
    const preset = args.period ?? 'today';
    if (args.days !== undefined && preset !== 'last_days')
      throw new InputError('days', 'days goes with period "last_days" (e.g. period last_days, days 30).');
    return rangeOf(upTo(presetPeriod(preset, today, args.days ?? 7), today), clock, preset);
  }
  if (args.from === undefined)
    throw new InputError(
      fields.from,
      `Give ${fields.from} with ${fields.to} (e.g. ${fields.from} 2026-11-01, ${fields.to} 2026-11-15), or use period.`,
    );
  if (args.days !== undefined)
    throw new InputError('days', `days goes with period "last_days", not with ${fields.from}/${fields.to}.`);
  if (args.period !== undefined && args.period !== 'today')
    throw new InputError('period', `Give either period or ${fields.from}/${fields.to}, not both.`);
  const toText = args.to ?? today;
  for (const [field, text] of [
    [fields.from, args.from],
    [fields.to, toText],
  ] as const)
    if (text.trim().slice(0, 10) > LAST_DAY)
      throw new InputError(field, `${text} is too far away: give a date before 9999.`);
  if (DATE_ONLY.test(args.from) && DATE_ONLY.test(toText)) {
    const fromDay = args.from.trim();
    const toDay = toText.trim();
    parseDateBound(fromDay, 'from', clock, fields.from);
    parseDateBound(toDay, 'to', clock, fields.to);
    if (toDay < fromDay)
      throw new InputError(
        fields.to,
        `${fields.to} (${toDay}) is before ${fields.from} (${fromDay}): give the last day of the period, included.`,
      );
    const p: DayPeriod = { from: fromDay, to: toDay, unit: 'day', length: daysBetween(fromDay, toDay) + 1 };
    // like the presets, a period reaching past today stops at today (one wholly ahead stays as asked)
    const asked =
      fromDay <= today && toDay > today ? { ...upTo(p, today), length: daysBetween(fromDay, today) + 1 } : p;
    return rangeOf(asked, clock, 'from/to');
  }
  const start = parseDateBound(args.from, 'from', clock, fields.from);
  const end = parseDateBound(toText, 'to', clock, fields.to);
  if (end <= start)
    throw new InputError(
      fields.to,
      `The period ends (${toShopIso(end, clock)}) before it starts (${toShopIso(start, clock)}): give a ${fields.to} after ${fields.from}.`,
    );
  const fromDay = businessDayOf(start, clock);
  const toDay = businessDayOf(new Date(end.getTime() - 1), clock);
  return {
    fromDay,
    toDay,
    from: start.toISOString(),
    to: end.toISOString(),
    dayAligned: false,
    label: `from ${toShopIso(start, clock)} to ${toShopIso(end, clock)}`,
    days: { from: fromDay, to: toDay, unit: 'day', length: daysBetween(fromDay, toDay) + 1 },
  };
}

export function comparedPeriod(
  input: {
    compareWith: 'previous' | 'year_before' | 'custom';
    compareFrom?: string | undefined;
    compareTo?: string | undefined;
  },
  current: Period,
  clock: ShopClock,
  now: Date,
): Period {
  if (input.compareWith === 'custom') {
    if (input.compareFrom === undefined || input.compareTo === undefined)
      throw new InputError(
        input.compareFrom === undefined ? 'compareFrom' : 'compareTo',
        'compareWith custom needs compareFrom and compareTo (YYYY-MM-DD).',
      );
    return resolvePeriod({ from: input.compareFrom, to: input.compareTo }, clock, now, {
      from: 'compareFrom',
      to: 'compareTo',
    });
  }
  if (!current.dayAligned)
    throw new InputError(
      'from',
      'To compare with the previous period or the year before, give whole business days (YYYY-MM-DD) or a preset period.',
    );
  const p = input.compareWith === 'year_before' ? yearBefore(current.days) : shiftPeriod(current.days, -1);
  return rangeOf(
    p,
    clock,
    input.compareWith === 'year_before' ? 'the same days a year before' : 'the period before',
  );
}

/** Where a time group falls in its period: 0 for the first day (week, month), 1 for the next, … */
export function placeOf(grouping: 'day' | 'week' | 'month', p: Period, key: string): number {
  if (grouping === 'day') return daysBetween(p.fromDay, key);
  if (grouping === 'week') return daysBetween(weekStart(p.fromDay), key) / 7;
  const month = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7));
  return month(key) - month(p.fromDay);
}

/** The first day of the group at `place` in the period. */
export function dayAt(grouping: 'day' | 'week' | 'month', p: Period, place: number): string {
  if (grouping === 'day') return addDays(p.fromDay, place);
  if (grouping === 'week') return addDays(weekStart(p.fromDay), 7 * place);
  return addMonths(`${p.fromDay.slice(0, 7)}-01`, place);
}
