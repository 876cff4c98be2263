/**
 * Shop time: the shop's time zone and its business day.
 *
 * A bar that closes at 2 in the morning counts a 01:30 sale in the previous day's takings: the
 * business day runs from `closeHour` local time to `closeHour` the next day. Instants are JS `Date`s
 * (UTC); "wall time" is the shop's local clock reading, handled here as the number of milliseconds of
 * that reading taken as if it were UTC. Time zone rules come from luxon (the Intl database).
 *
 * DST: on the day clocks go forward a business day lasts 23 h, on the day they go back 25 h. A local
 * time skipped by the clocks going forward resolves to the instant the clocks jump; a local time that
 * happens twice resolves to its first occurrence. In other words a local time `w` resolves to the
 * earliest instant whose wall time is >= `w`, which is exactly what a range bound needs.
 */
import { IANAZone } from 'luxon';
import { InputError } from './errors.js';

/**
 * The shop's clock. `timeZone` is an IANA name (e.g. `Europe/Paris`); `closeHour` (0..23) is the local
 * hour at which a business day ends and the next begins (0 = calendar days).
 */
export interface ShopClock {
  timeZone: string;
  closeHour: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

const DATE_HELP = 'use ISO 8601, e.g. 2026-11-21 or 2026-11-21T18:15 or 2026-11-21T18:15:00+01:00';
const DATE_TIME_HELP = 'use ISO 8601, e.g. 2026-11-21T18:15 or 2026-11-21T18:15:00+01:00';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)?$/i;

/**
 * Checks a shop clock and returns its luxon zone.
 * @throws InputError('timeZone' | 'closeHour') if the zone is unknown or the hour is not an integer 0..23.
 */
export function validateShopClock(clock: ShopClock): IANAZone {
  if (!Number.isInteger(clock.closeHour) || clock.closeHour < 0 || clock.closeHour > 23) {
    throw new InputError(
      'closeHour',
      `the closing hour must be an integer from 0 to 23 (0 = the business day is the calendar day), got ${clock.closeHour}`,
    );
  }
  const zone = IANAZone.create(clock.timeZone);
  if (!zone.isValid) {
    throw new InputError(
      'timeZone',
      `"${clock.timeZone}" is not a known IANA time zone; use e.g. Europe/Paris`,
    );
  }
  return zone;
}

/** Wall time (ms) of a valid date-time, or undefined if a component is out of range (e.g. Feb 30). */
function wallTime(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0) {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC: it maps years 0..99 to 1900..1999
  date.setUTCHours(hour, minute, second, ms);
  const valid =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  return valid ? date.getTime() : undefined;
}

/**
 * Offsets of a zone by the minute, kept: the zone's Intl lookup (luxon's formatToParts) was the costly
 * part of a sale's clock, which reads the offset of now and of now ± 1 or 2 days several times.
 */
const minuteOffsets = new WeakMap<IANAZone, Map<number, number>>();
/** Minutes kept per zone before the memo starts again (a few minutes of sales read a handful). */
const KEPT_MINUTES = 4096;

/**
 * Offset of `zone` at instant `ms`, in ms. Kept for the minute when the offset is the same at its first
 * and last millisecond (a zone changes offset at most once a minute); a minute in which it changes (a
 * few before 1972, whose offsets had seconds) is looked up exactly every time.
 */
function offsetMs(zone: IANAZone, ms: number): number {
  let kept = minuteOffsets.get(zone);
  if (kept === undefined) minuteOffsets.set(zone, (kept = new Map()));
  const minute = Math.floor(ms / MINUTE_MS);
  const hit = kept.get(minute);
  if (hit !== undefined) return hit;
  const first = zone.offset(minute * MINUTE_MS);
  if (zone.offset(minute * MINUTE_MS + MINUTE_MS - 1) !== first) return zone.offset(ms) * MINUTE_MS;
  if (kept.size >= KEPT_MINUTES) kept.clear();
  kept.set(minute, first * MINUTE_MS);
  return first * MINUTE_MS;
}

/** The earliest instant whose wall time in `zone` is >= `wall` (see the module documentation). */
function wallToInstant(wall: number, zone: IANAZone): number {
  const offsetBefore = offsetMs(zone, wall - DAY_MS);
  const offsetAfter = offsetMs(zone, wall + DAY_MS);
  if (offsetBefore === offsetAfter) return wall - offsetBefore; // usual case: no offset change near
  const offsets = [...new Set([offsetBefore, offsetMs(zone, wall), offsetAfter])];
  const exact = offsets.map((offset) => wall - offset).filter((t) => t + offsetMs(zone, t) === wall);
  if (exact.length > 0) return Math.min(...exact);
  // Wall time skipped by the clocks going forward: find the instant of the jump.
  let before = wall - Math.max(...offsets); // wall time < wall
  let after = wall - Math.min(...offsets); // wall time >= wall
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2);
    if (middle + offsetMs(zone, middle) >= wall) after = middle;
    else before = middle;
  }
  return after;
}

function assertValidDate(instant: Date): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid Date');
  return ms;
}

function isoDate(wall: number): string {
  return new Date(wall).toISOString().slice(0, 10);
}

/** Parses a strict `YYYY-MM-DD` into its wall time at midnight, or undefined. */
function parseDay(day: string): number | undefined {
  const match = DATE_RE.exec(day);
  return match ? wallTime(Number(match[1]), Number(match[2]), Number(match[3])) : undefined;
}

/** `YYYY-MM-DD` shifted by `days` calendar days: `addDays('2026-02-28', 1)` -> `'2026-03-01'`. */
export function addDays(day: string, days: number): string {
  const wall = parseDay(day);
  if (wall === undefined || !Number.isInteger(days))
    throw new RangeError(`invalid day ${day} or shift ${days}`);
  return isoDate(wall + days * DAY_MS);
}

/** Start instant (ms) of a business day given as the wall time of its local midnight. */
function businessDayStart(dayWall: number, clock: ShopClock, zone: IANAZone): number {
  return wallToInstant(dayWall + clock.closeHour * HOUR_MS, zone);
}

/**
 * The business date (`YYYY-MM-DD`) of an instant: its local date, minus one day before `closeHour`.
 * Always consistent with {@link businessDayRange}: the instant is in the range of the day returned
 * (this matters only in zones whose clocks go back across the close hour, e.g. America/Santiago, where
 * the repeated hour belongs to the later business day).
 */
export function businessDayOf(instant: Date, clock: ShopClock): string {
  const zone = validateShopClock(clock);
  const ms = assertValidDate(instant);
  const offset = offsetMs(zone, ms);
  let dayWall = Math.floor((ms + offset - clock.closeHour * HOUR_MS) / DAY_MS) * DAY_MS;
  // Usual case, no offset change within two days: the local date rule is all there is.
  if (offset === offsetMs(zone, ms - 2 * DAY_MS) && offset === offsetMs(zone, ms + 2 * DAY_MS)) {
    return isoDate(dayWall);
  }
  while (ms < businessDayStart(dayWall, clock, zone)) dayWall -= DAY_MS;
  while (ms >= businessDayStart(dayWall + DAY_MS, clock, zone)) dayWall += DAY_MS;
  return isoDate(dayWall);
}

/**
 * The `[from, to)` instants of a business day (`YYYY-MM-DD`): from `closeHour` local on that day to
 * `closeHour` local the next day. Correct across DST changes (23 h and 25 h days).
 * @throws InputError('day') if `day` is not a valid `YYYY-MM-DD` date.
 */
export function businessDayRange(day: string, clock: ShopClock): { from: Date; to: Date } {
  const zone = validateShopClock(clock);
  const wall = parseDay(day);
  if (wall === undefined)
    throw new InputError('day', `"${day}" is not a date: use YYYY-MM-DD, e.g. 2026-11-21`);
  return {
    from: new Date(businessDayStart(wall, clock, zone)),
    to: new Date(businessDayStart(wall + DAY_MS, clock, zone)),
  };
}

/** Parses a full date-time (with or without offset) into an instant, or undefined if invalid. */
function parseDateTime(value: string, zone: IANAZone): Date | undefined {
  const match = DATE_TIME_RE.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s = '0', fraction = '', zulu, sign, offsetH, offsetM = '0'] = match;
  const ms = Number(fraction.slice(0, 3).padEnd(3, '0')); // sub-millisecond digits are dropped
  const wall = wallTime(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), ms);
  if (wall === undefined) return undefined;
  if (zulu) return new Date(wall);
  if (sign) {
    if (Number(offsetH) > 23 || Number(offsetM) > 59) return undefined;
    const offset = (Number(offsetH) * 60 + Number(offsetM)) * MINUTE_MS;
    return new Date(sign === '-' ? wall + offset : wall - offset);
  }
  return new Date(wallToInstant(wall, zone));
}

/**
 * Parses the bound of a date range.
 *
 * - `YYYY-MM-DD` is a business day: `'from'` gives its start, `'to'` its (exclusive) end, i.e. the
 *   start of the next business day, so `from = to = same day` covers the whole day.
 * - `YYYY-MM-DDTHH:mm[:ss[.SSS]]` (or with a space instead of `T`) without offset is read in the shop's
 *   time zone and used as given (also for `'to'`, which is exclusive).
 * - With `Z` or an offset (`+02:00`, `+0200`, `+02`) it is that exact instant.
 *
 * @throws InputError(field) if the value is not such a date.
 */
/** The years a date may name (a ledger's past, and no further than the periods' last day). */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 9998;

/** Refuses a date (a business day, as written) whose year is outside FIRST_YEAR..LAST_YEAR, naming the field. */
export function checkYear(text: string, field: string): void {
  const year = /^\s*(\d{4})(?:-|$)/.exec(text)?.[1];
  if (year !== undefined && (Number(year) < FIRST_YEAR || Number(year) > LAST_YEAR))
    throw new InputError(
      field,
      `${JSON.stringify(text)} is out of range: give a date from ${FIRST_YEAR} to ${LAST_YEAR}.`,
    );
}

/**
 * Refuses an exact time outside the years FIRST_YEAR..LAST_YEAR (UTC), naming the field: checked on the
 * instant, not on the text, so that whatever time the server shows for a stored instant (in any shop
 * zone) is taken back, and nothing outside the range is stored.
 */
function checkInstant(instant: Date, text: string, field: string): Date {
  const year = instant.getUTCFullYear();
  if (year < FIRST_YEAR || year > LAST_YEAR)
    throw new InputError(
      field,
      `${JSON.stringify(text)} is out of range: give a date from ${FIRST_YEAR} to ${LAST_YEAR}.`,
    );
  return instant;
}

export function parseDateBound(value: string, bound: 'from' | 'to', clock: ShopClock, field: string): Date {
  const zone = validateShopClock(clock);
  const text = typeof value === 'string' ? value.trim() : '';
  const dayWall = parseDay(text);
  if (dayWall !== undefined) {
    checkYear(text, field);
    return new Date(businessDayStart(bound === 'from' ? dayWall : dayWall + DAY_MS, clock, zone));
  }
  const instant = parseDateTime(text, zone);
  if (!instant) throw new InputError(field, `${JSON.stringify(value)} is not a date: ${DATE_HELP}`);
  return checkInstant(instant, text, field);
}

/**
 * Parses an exact date-time: with `Z` or an offset it is that instant, without offset it is read in
 * the shop's time zone. Date-only values and times alone are rejected.
 * @throws InputError(field) if the value is not such a date-time.
 */
export function parseLocalDateTime(value: string, clock: ShopClock, field: string): Date {
  const zone = validateShopClock(clock);
  const instant = typeof value === 'string' ? parseDateTime(value.trim(), zone) : undefined;
  if (!instant)
    throw new InputError(field, `${JSON.stringify(value)} is not a date and time: ${DATE_TIME_HELP}`);
  return checkInstant(instant, value, field);
}

/**
 * ISO 8601 in the shop's time zone, with its offset and without milliseconds (truncated), e.g.
 * `'2026-11-21T18:15:00+01:00'`. A zero offset is written `+00:00`.
 */
export function toShopIso(instant: Date, clock: ShopClock): string {
  const zone = validateShopClock(clock);
  const ms = Math.floor(assertValidDate(instant) / 1000) * 1000;
  const offsetMinutes = Math.round(offsetMs(zone, ms) / MINUTE_MS);
  const abs = Math.abs(offsetMinutes);
  const pad = (n: number) => String(n).padStart(2, '0');
  const offset = `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return `${new Date(ms + offsetMinutes * MINUTE_MS).toISOString().slice(0, 19)}${offset}`;
}

/** The hour (0..23) the shop's clock shows at `instant`. */
export function shopHour(instant: Date, clock: ShopClock): number {
  const zone = validateShopClock(clock);
  const ms = assertValidDate(instant);
  return new Date(ms + offsetMs(zone, ms)).getUTCHours();
}

/** ISO weekday of a `YYYY-MM-DD` date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  const wall = parseDay(day);
  if (wall === undefined) throw new RangeError(`invalid day ${day}`);
  return ((new Date(wall).getUTCDay() + 6) % 7) + 1;
}

/** Where an instant falls in the shop's week: its business day, that day's ISO weekday, the clock hour. */
export function shopMoment(instant: Date, clock: ShopClock): { day: string; weekday: number; hour: number } {
  const day = businessDayOf(instant, clock);
  return { day, weekday: isoWeekday(day), hour: shopHour(instant, clock) };
}

/** The business day, weekday and hour columns of an order validated at `at`. */
export function validationMoment(
  at: Date,
  clock: ShopClock,
): { business_day: string; weekday: number; hour: number } {
  const m = shopMoment(at, clock);
  return { business_day: m.day, weekday: m.weekday, hour: m.hour };
}

/** The business day and weekday columns of a payment made at `at`. */
export function paymentDay(at: Date, clock: ShopClock): { business_day: string; weekday: number } {
  const m = shopMoment(at, clock);
  return { business_day: m.day, weekday: m.weekday };
}
