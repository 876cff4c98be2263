import { describe, expect, it } from 'vitest';
import {
  isoWeekLabel,
  presetPeriod,
  shiftPeriod,
  upTo,
  yearBefore,
  yearAfterDay,
} from '../../src/domain/periods.js';

describe('report periods', () => {
  it('presets in business days, stopped at today', () => {
    const today = '2026-11-21'; // a Saturday
    expect(upTo(presetPeriod('this_week', today), today)).toMatchObject({
      from: '2026-11-16',
      to: '2026-11-21',
    });
    expect(presetPeriod('last_week', today)).toMatchObject({ from: '2026-11-09', to: '2026-11-15' });
    expect(presetPeriod('last_month', '2026-03-31')).toMatchObject({ from: '2026-02-01', to: '2026-02-28' });
    expect(presetPeriod('last_days', today, 30)).toMatchObject({ from: '2026-10-23', to: today });
  });

  it('the period before keeps month ends; this month so far is compared with the same days', () => {
    const feb = presetPeriod('last_month', '2028-03-10'); // February of a leap year
    expect(feb).toMatchObject({ from: '2028-02-01', to: '2028-02-29' });
    expect(shiftPeriod(feb, -1)).toMatchObject({ from: '2028-01-01', to: '2028-01-31' });
    const soFar = upTo(presetPeriod('this_month', '2026-03-31'), '2026-03-31');
    expect(shiftPeriod(soFar, -1)).toMatchObject({ from: '2026-02-01', to: '2026-02-28' });
    expect(shiftPeriod({ ...soFar, to: '2026-03-15' }, -1)).toMatchObject({
      from: '2026-02-01',
      to: '2026-02-15',
    });
  });

  it('a year before: all of February against all of February; weeks by 52 weeks; days by date', () => {
    expect(yearBefore(presetPeriod('last_month', '2029-03-10'))).toMatchObject({
      from: '2028-02-01',
      to: '2028-02-29',
    });
    const week = presetPeriod('last_week', '2026-11-21');
    expect(yearBefore(week)).toMatchObject({ from: '2025-11-10', to: '2025-11-16' }); // Monday to Sunday
    expect(yearBefore({ from: '2028-02-29', to: '2028-02-29', unit: 'day', length: 1 })).toMatchObject({
      from: '2027-02-28',
    });
    expect(yearAfterDay('2025-11-10', 'week')).toBe('2026-11-09');
    expect(yearAfterDay('2027-03-10', 'year')).toBe('2028-03-10');
  });

  it('ISO week labels across year ends', () => {
    expect(isoWeekLabel('2024-12-30')).toBe('2025-W01');
    expect(isoWeekLabel('2027-01-03')).toBe('2026-W53');
    expect(isoWeekLabel('2021-01-03')).toBe('2020-W53');
    expect(isoWeekLabel('2026-11-21')).toBe('2026-W47');
  });
});
