/** The filters of a report, read from the tool input and checked against the shop. */
import type { Ctx } from '../shared/context.js';
import { InputError, NotFoundError } from '../../domain/errors.js';
import { existingIds } from './reports.names.js';
import { type Filters } from './reports.query.js';
import { WEEKDAYS, type SummaryInput } from './reports.schemas.js';
import * as venue from '../venue/venue.service.js';

const many = (v: number | number[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

/** Hours from `from` (included) to `to` (excluded), across midnight when to <= from. */
function hoursOf(from: number | undefined, to: number | undefined): number[] | undefined {
  if (from === undefined && to === undefined) return undefined;
  const start = from ?? 0;
  const end = to ?? 24;
  if (from !== undefined && to !== undefined && start === end % 24 && !(start === 0 && end === 24))
    throw new InputError(
      'toHour',
      'fromHour and toHour are the same hour: give a range, e.g. fromHour 18, toHour 22.',
    );
  const hours: number[] = [];
  for (let h = start; h !== end % 24 || hours.length === 0; h = (h + 1) % 24) {
    hours.push(h);
    if (hours.length === 24) break;
  }
  return hours;
}

const ID_FILTERS = [
  ['productId', 'product', 'products', '{{list:products}} or {{search}}'],
  ['departmentId', 'department', 'departments', '{{list:departments}}'],
  ['departmentGroupId', 'group', 'department groups', '{{list:department_groups}}'],
  ['clientId', 'client', 'clients', '{{list:clients}} or {{balance}}'],
  ['userId', 'user', 'users', '{{list:users}}'],
  ['cashboxId', 'cashbox', 'cashboxes', '{{list:cashboxes}}'],
  ['paymentMethod', 'payment', 'payment methods', '{{list:payments_modes}}'],
] as const;

/** The filters of a report, checked against the shop (table numbers become table ids). */
export async function toFilters(ctx: Ctx, input: Partial<SummaryInput>): Promise<Filters> {
  const f: Filters = {};
  const set = (k: keyof Filters, v: number[] | undefined) => {
    if (v !== undefined) f[k] = [...new Set(v)];
  };
  set('delivery', many(input.deliveryMethod));
  for (const [field, key, what, tool] of ID_FILTERS) {
    const ids = many(input[field]);
    if (ids === undefined) continue;
    // 0 stands for none (no client, a free line, …), as in the groups' keys
    const known = await existingIds(
      ctx,
      key,
      ids.filter((id) => id !== 0),
    );
    const unknown = ids.filter((id) => id !== 0 && !known.has(id));
    if (unknown.length > 0)
      throw new NotFoundError(
        field,
        `No ${what} with id ${unknown.join(', ')} in this shop: call ${tool} for the ids.`,
      );
    set(key, ids);
  }
  const tables = many(input.table);
  if (tables)
    set(
      'table',
      await Promise.all(
        tables.map(async (n) => (await venue.requireTable(ctx, n, 'table', { archived: true })).id),
      ),
    );
  const weekdays =
    input.weekday === undefined ? undefined : Array.isArray(input.weekday) ? input.weekday : [input.weekday];
  if (weekdays)
    set(
      'weekday',
      weekdays.map((w) => {
        if (typeof w === 'number') return w;
        const n = (WEEKDAYS as readonly string[]).indexOf(w.trim().toLowerCase()) + 1;
        if (n === 0)
          throw new InputError(
            'weekday',
            `"${w}" is not a weekday: use 1-7 (1 = monday) or ${WEEKDAYS.join(', ')}.`,
          );
        return n;
      }),
    );
  set('hour', hoursOf(input.fromHour, input.toHour));
  return f;
}
