/**
 * Report periods in business days: the presets people name ("today", "this week", "last month",
 * "this year", "the last 7 days") and the period to compare with (the one before, the same one a year
 * before). Pure: days are `YYYY-MM-DD` strings of business days, both ends included.
 *
 * A period that reaches into the future stops at today: "this year" on 21 November is 1 January to
 * 21 November, so comparing it with "the same period a year before" compares like with like.
 */
import { addDays, isoWeekday } from './time.js';

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
