import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { IANAZone } from 'luxon';
import { InputError } from '../../src/domain/errors.js';
import {
  addDays,
  businessDayOf,
  businessDayRange,
  parseDateBound,
  parseLocalDateTime,
  toShopIso,
  type ShopClock,
} from '../../src/domain/time.js';

const paris: ShopClock = { timeZone: 'Europe/Paris', closeHour: 0 };
const parisBar: ShopClock = { timeZone: 'Europe/Paris', closeHour: 2 };
const HOUR = 3_600_000;

const utc = (iso: string) => new Date(iso);
const hoursOf = (range: { from: Date; to: Date }) => (range.to.getTime() - range.from.getTime()) / HOUR;
const isoRange = (range: { from: Date; to: Date }) => [range.from.toISOString(), range.to.toISOString()];

function inputErrorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('businessDayOf', () => {
  it('counts a 01:30 sale in the previous day when the bar closes at 2', () => {
    const sale = utc('2026-11-21T00:30:00Z'); // 01:30 in Paris (UTC+1)
    expect(businessDayOf(sale, parisBar)).toBe('2026-11-20');
    expect(businessDayOf(sale, paris)).toBe('2026-11-21');
    expect(businessDayOf(utc('2026-11-21T01:00:00Z'), parisBar)).toBe('2026-11-21'); // 02:00 local
    expect(businessDayOf(utc('2026-11-21T00:59:59.999Z'), parisBar)).toBe('2026-11-20');
  });

  it('uses the local date, not the UTC one', () => {
    expect(businessDayOf(utc('2026-07-14T22:30:00Z'), paris)).toBe('2026-07-15'); // 00:30 CEST
    expect(businessDayOf(utc('2026-07-15T03:00:00Z'), { timeZone: 'America/New_York', closeHour: 0 })).toBe(
      '2026-07-14',
    );
  });

  it('rejects a bad clock', () => {
    expect(
      inputErrorOf(() => businessDayOf(new Date(), { timeZone: 'Europe/Pariss', closeHour: 0 })).field,
    ).toBe('timeZone');
    expect(inputErrorOf(() => businessDayOf(new Date(), { timeZone: 'UTC', closeHour: 24 })).field).toBe(
      'closeHour',
    );
    expect(() => businessDayOf(new Date(NaN), paris)).toThrow(RangeError);
  });
});

describe('businessDayRange', () => {
  it('covers calendar days with closeHour 0, across DST', () => {
    expect(isoRange(businessDayRange('2026-11-21', paris))).toEqual([
      '2026-11-20T23:00:00.000Z',
      '2026-11-21T23:00:00.000Z',
    ]);
    expect(hoursOf(businessDayRange('2026-03-29', paris))).toBe(23);
    expect(hoursOf(businessDayRange('2026-10-25', paris))).toBe(25);
    expect(hoursOf(businessDayRange('2026-03-28', paris))).toBe(24);
    expect(isoRange(businessDayRange('2026-10-25', paris))).toEqual([
      '2026-10-24T22:00:00.000Z',
      '2026-10-25T23:00:00.000Z',
    ]);
  });

  it('runs from closeHour to closeHour, across DST', () => {
    expect(isoRange(businessDayRange('2026-11-21', parisBar))).toEqual([
      '2026-11-21T01:00:00.000Z',
      '2026-11-22T01:00:00.000Z',
    ]);
    // 02:00 does not exist on 2026-03-29: the day starts when clocks jump to 03:00 CEST.
    expect(isoRange(businessDayRange('2026-03-29', parisBar))).toEqual([
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T00:00:00.000Z',
    ]);
    // 02:00 happens twice on 2026-10-25: the day starts at the first one (CEST).
    expect(isoRange(businessDayRange('2026-10-25', parisBar))).toEqual([
      '2026-10-25T00:00:00.000Z',
      '2026-10-26T01:00:00.000Z',
    ]);
    expect(hoursOf(businessDayRange('2026-10-24', parisBar))).toBe(24);
    expect(hoursOf(businessDayRange('2026-03-28', parisBar))).toBe(24);
  });

  it('rejects invalid days', () => {
    for (const day of ['2026-02-30', '2026-13-01', '21/11/2026', '2026-11-21T00:00']) {
      expect(inputErrorOf(() => businessDayRange(day, paris)).field).toBe('day');
    }
  });

  const zones = [
    'Europe/Paris',
    'America/New_York',
    'America/Santiago',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
    'Asia/Kolkata',
    'UTC',
  ];
  const clockArb = fc.record({
    timeZone: fc.constantFrom(...zones),
    closeHour: fc.integer({ min: 0, max: 23 }),
  });
  const instantArb = fc.date({
    min: utc('2015-01-01T00:00:00Z'),
    max: utc('2035-12-31T00:00:00Z'),
    noInvalidDate: true,
  });

  it('always contains the instants of its business day', () => {
    fc.assert(
      fc.property(instantArb, clockArb, (instant, clock) => {
        const day = businessDayOf(instant, clock);
        const { from, to } = businessDayRange(day, clock);
        expect(from.getTime()).toBeLessThanOrEqual(instant.getTime());
        expect(instant.getTime()).toBeLessThan(to.getTime());
        expect(businessDayOf(from, clock)).toBe(day);
        expect(businessDayRange(addDays(day, 1), clock).from).toEqual(to);
        expect(hoursOf({ from, to })).toBeGreaterThanOrEqual(22);
        expect(hoursOf({ from, to })).toBeLessThanOrEqual(26);
      }),
      { numRuns: 2000 },
    );
  });

  it('contains its instants around every DST change of 2026, for every close hour', () => {
    for (const timeZone of zones) {
      const zone = IANAZone.create(timeZone);
      const start = utc('2026-01-01T00:00:00Z').getTime();
      const changes = (from: number, step: number, count: number) =>
        Array.from({ length: count }, (_, i) => from + i * step).filter(
          (t) => zone.offset(t) !== zone.offset(t + step),
        );
      for (const t of changes(start, 24 * HOUR, 365).flatMap((day) => changes(day, HOUR, 24))) {
        // A change between t and t + 1 h: check every 50 minutes in the 26 hours around it.
        for (let closeHour = 0; closeHour < 24; closeHour++) {
          const clock = { timeZone, closeHour };
          for (let u = t - 13 * HOUR; u < t + 13 * HOUR; u += (HOUR * 5) / 6) {
            const { from, to } = businessDayRange(businessDayOf(new Date(u), clock), clock);
            expect(from.getTime() <= u && u < to.getTime()).toBe(true);
          }
        }
      }
    }
  });
});

describe('parseDateBound', () => {
  it('reads a date as a whole business day', () => {
    expect(parseDateBound('2026-11-21', 'from', paris, 'from').toISOString()).toBe(
      '2026-11-20T23:00:00.000Z',
    );
    expect(parseDateBound('2026-11-21', 'to', paris, 'to').toISOString()).toBe('2026-11-21T23:00:00.000Z');
    expect(parseDateBound('2026-11-21', 'from', parisBar, 'from').toISOString()).toBe(
      '2026-11-21T01:00:00.000Z',
    );
    expect(parseDateBound('2026-11-21', 'to', parisBar, 'to').toISOString()).toBe('2026-11-22T01:00:00.000Z');
    expect(parseDateBound(' 2026-10-25 ', 'to', paris, 'to').toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });

  it('covers the whole day when from and to are the same date', () => {
    const from = parseDateBound('2026-03-29', 'from', paris, 'from');
    const to = parseDateBound('2026-03-29', 'to', paris, 'to');
    expect({ from, to }).toEqual(businessDayRange('2026-03-29', paris));
  });

  it('reads date-times without offset in the shop time zone', () => {
    expect(parseDateBound('2026-11-21T18:15', 'from', paris, 'from').toISOString()).toBe(
      '2026-11-21T17:15:00.000Z',
    );
    expect(parseDateBound('2026-11-21T18:15', 'to', paris, 'to').toISOString()).toBe(
      '2026-11-21T17:15:00.000Z',
    );
    expect(parseDateBound('2026-07-21 18:15:30.5', 'to', paris, 'to').toISOString()).toBe(
      '2026-07-21T16:15:30.500Z',
    );
    expect(parseDateBound('2026-07-21T18:15:30.123456', 'to', paris, 'to').toISOString()).toBe(
      '2026-07-21T16:15:30.123Z',
    );
  });

  it('uses explicit offsets as given', () => {
    const bound = (value: string) => parseDateBound(value, 'from', paris, 'from').toISOString();
    expect(bound('2026-11-21T18:15:00+02:00')).toBe('2026-11-21T16:15:00.000Z');
    expect(bound('2026-11-21T18:15:00Z')).toBe('2026-11-21T18:15:00.000Z');
    expect(bound('2026-11-21T18:15z')).toBe('2026-11-21T18:15:00.000Z');
    expect(bound('2026-11-21T18:15+0530')).toBe('2026-11-21T12:45:00.000Z');
    expect(bound('2026-11-21T18:15-03')).toBe('2026-11-21T21:15:00.000Z');
  });

  it('resolves local times around DST changes', () => {
    const bound = (value: string) => parseDateBound(value, 'from', paris, 'from').toISOString();
    expect(bound('2026-03-29T02:30')).toBe('2026-03-29T01:00:00.000Z'); // skipped: when clocks jump
    expect(bound('2026-03-29T03:30')).toBe('2026-03-29T01:30:00.000Z');
    expect(bound('2026-10-25T02:30')).toBe('2026-10-25T00:30:00.000Z'); // repeated: first occurrence
    expect(bound('2026-10-25T03:30')).toBe('2026-10-25T02:30:00.000Z');
  });

  it('rejects what is not a date', () => {
    for (const value of [
      'abc',
      '',
      '2026-02-30',
      '2026-11-21T25:00',
      '2026-11-21T18:60',
      '21/11/2026',
      '18:15',
    ]) {
      const error = inputErrorOf(() => parseDateBound(value, 'from', paris, 'dateFrom'));
      expect(error.field).toBe('dateFrom');
      expect(error.message).toBe(
        `${JSON.stringify(value)} is not a date: use ISO 8601, e.g. 2026-11-21 or 2026-11-21T18:15 or 2026-11-21T18:15:00+01:00`,
      );
    }
    expect(() => parseDateBound('2026-11-21T18:15+25:00', 'from', paris, 'from')).toThrow(InputError);
  });
});

describe('parseLocalDateTime', () => {
  it('reads exact instants', () => {
    expect(parseLocalDateTime('2026-11-21T18:15', paris, 'at').toISOString()).toBe(
      '2026-11-21T17:15:00.000Z',
    );
    expect(parseLocalDateTime('2026-11-21T18:15:00+01:00', parisBar, 'at').toISOString()).toBe(
      '2026-11-21T17:15:00.000Z',
    );
    expect(parseLocalDateTime('1900-01-01T00:00Z', paris, 'at').toISOString()).toBe(
      '1900-01-01T00:00:00.000Z',
    );
    // years outside 1900..9998 are refused, naming the field (a year 99 is not read as 1999)
    for (const far of ['0099-01-01T00:00Z', '9999-12-31T23:59'])
      expect(() => parseLocalDateTime(far, paris, 'at')).toThrow(/out of range/);
  });

  it('rejects dates without time, and times without date', () => {
    for (const value of ['2026-11-21', '18:15', 'tomorrow']) {
      const error = inputErrorOf(() => parseLocalDateTime(value, paris, 'at'));
      expect(error.field).toBe('at');
      expect(error.message).toContain('is not a date and time: use ISO 8601');
    }
  });
});

describe('toShopIso', () => {
  it('writes the shop offset without milliseconds', () => {
    expect(toShopIso(utc('2026-11-21T17:15:00.789Z'), paris)).toBe('2026-11-21T18:15:00+01:00');
    expect(toShopIso(utc('2026-07-21T16:15:00Z'), paris)).toBe('2026-07-21T18:15:00+02:00');
    expect(toShopIso(utc('2026-07-21T16:15:00Z'), { timeZone: 'UTC', closeHour: 0 })).toBe(
      '2026-07-21T16:15:00+00:00',
    );
    expect(toShopIso(utc('2026-01-21T16:15:00Z'), { timeZone: 'America/New_York', closeHour: 0 })).toBe(
      '2026-01-21T11:15:00-05:00',
    );
    expect(toShopIso(utc('2026-01-21T16:15:00Z'), { timeZone: 'Asia/Kolkata', closeHour: 0 })).toBe(
      '2026-01-21T21:45:00+05:30',
    );
  });

  it('round-trips through parseLocalDateTime (to the second)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: utc('2000-01-01T00:00:00Z'), max: utc('2040-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom('Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'UTC'),
        (instant, timeZone) => {
          const clock = { timeZone, closeHour: 0 };
          const seconds = Math.floor(instant.getTime() / 1000) * 1000;
          expect(parseLocalDateTime(toShopIso(instant, clock), clock, 'at').getTime()).toBe(seconds);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('offsets kept by the minute', () => {
  /** The offset Intl gives, as `toShopIso` writes it, for comparison with the kept one. */
  const intlIso = (ms: number, timeZone: string) => {
    const minutes = IANAZone.create(timeZone).offset(ms);
    const abs = Math.abs(Math.round(minutes));
    const pad = (n: number) => String(n).padStart(2, '0');
    const wall = new Date(ms + Math.round(minutes) * 60_000).toISOString().slice(0, 19);
    return `${wall}${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  };

  it('say what Intl says, second by second across a change of offset, read twice', () => {
    for (const [timeZone, change] of [
      ['Europe/Paris', '2026-03-29T01:00:00Z'],
      ['Europe/Paris', '2026-10-25T01:00:00Z'],
      ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'], // half an hour back
      ['Africa/Monrovia', '1972-01-07T00:44:30Z'], // from -00:44:30, in the middle of a minute
    ] as const) {
      const at = utc(change).getTime();
      for (let pass = 0; pass < 2; pass++)
        for (let ms = at - 90_000; ms <= at + 90_000; ms += 500)
          expect(toShopIso(new Date(ms), { timeZone, closeHour: 0 }), `${timeZone} ${ms}`).toBe(
            intlIso(ms, timeZone),
          );
    }
  });

  it('say what Intl says past the minutes a zone keeps (4,096), across a change, read twice', () => {
    const from = utc('2026-03-27T00:00:00Z').getTime(); // 6,000 minutes: past Paris's 29 March change
    for (let pass = 0; pass < 2; pass++)
      for (let m = 0; m < 6_000; m++) {
        const ms = from + m * 60_000 + 30_000;
        expect(toShopIso(new Date(ms), paris), `${ms}`).toBe(intlIso(ms, 'Europe/Paris'));
      }
  });

  it('say what Intl says at random instants of random zones', () => {
    fc.assert(
      fc.property(
        fc.date({ min: utc('1900-01-01T00:00:00Z'), max: utc('2040-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(
          'Europe/Paris',
          'America/Sao_Paulo',
          'Asia/Kathmandu',
          'Pacific/Chatham',
          'Africa/Monrovia',
        ),
        (instant, timeZone) => {
          const clock = { timeZone, closeHour: 0 };
          expect(toShopIso(instant, clock)).toBe(intlIso(instant.getTime(), timeZone));
          expect(toShopIso(instant, clock)).toBe(intlIso(instant.getTime(), timeZone)); // kept
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('addDays', () => {
  it('shifts calendar days', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
  });
});
