/**
 * Cashboxes, staff users, delivery people, delivery zones and relay points managed by the owner: each
 * one a spec of the venue's add / edit / delete flow (venue.manage.ts) and the columns of its fields.
 */
import * as z from 'zod';
import { InputError } from '../../domain/errors.js';
import { idFrom } from '../../domain/limits.js';
import { toCents } from '../../domain/money.js';
import type { Ctx } from '../shared/context.js';
import { addManaged, deleteManaged, editManaged, type Managed } from './venue.manage.js';
import type { ManagedTable, RowChange } from './venue.manage.repository.js';
import type * as s from './venue.manage.schemas.js';
import { MAX_POSTCODES } from './venue.manage.schemas.js';
import { cashboxView, deliveryManView, deliveryZoneView, relayPointView, userView } from './venue.service.js';

const spec = <T extends ManagedTable, V>(
  table: T,
  entity: string,
  what: string,
  hints: { list: string; change: string },
  rest: Pick<Managed<T, V>, 'sameName' | 'view'> & Partial<Pick<Managed<T, V>, 'ref'>>,
): Managed<T, V> => ({ table, entity, what, key: 'id', ...hints, ...rest });

export const cashboxes = spec(
  'cashboxes',
  'cashbox',
  'cashbox',
  { list: '{{list:cashboxes}}', change: '{{change_cashbox}}' },
  { ref: 'cashbox', sameName: 'refused', view: cashboxView },
);
export const users = spec(
  'users',
  'user',
  'user',
  { list: '{{list:users}}', change: '{{change_user}}' },
  { ref: 'user', sameName: 'warned', view: userView },
);
export const deliveryMen = spec(
  'delivery_men',
  'delivery_man',
  'delivery person',
  { list: '{{list:delivery_men}}', change: '{{change_delivery_man}}' },
  { ref: 'delivery_man', sameName: 'warned', view: deliveryManView },
);
export const relayPoints = spec(
  'relay_points',
  'relay_point',
  'relay point',
  { list: '{{list:relay_points}}', change: '{{change_relay_point}}' },
  { ref: 'relay_point', sameName: 'refused', view: relayPointView },
);
// nothing recorded names a zone (an order keeps its delivery fee as a line): a zone is always deleted
export const deliveryZones = spec(
  'delivery_zones',
  'delivery_zone',
  'delivery zone',
  { list: '{{list:delivery_zones}}', change: '{{change_delivery_zone}}' },
  { sameName: 'refused', view: deliveryZoneView },
);

/** "" or null clears an optional text. */
const orNull = (v: string | null | undefined) => (v === undefined ? undefined : v === '' ? null : v);

/** The postcodes of a zone as stored: distinct, comma-separated. */
function postcodesOf(value: string | string[]): string {
  const list = (Array.isArray(value) ? value : value.split(/[\s,;]+/)).map((p) => p.trim()).filter(Boolean);
  const distinct = [...new Set(list)];
  const long = distinct.find((p) => p.length > 20 || p.includes(','));
  if (long !== undefined)
    throw new InputError('postcodes', `"${long}" is not a postcode (at most 20 characters).`);
  if (distinct.length > MAX_POSTCODES)
    throw new InputError(
      'postcodes',
      `A zone has at most ${MAX_POSTCODES} postcodes; split it into several zones.`,
    );
  return distinct.join(',');
}
const cents = (v: number | undefined, field: string) => (v === undefined ? undefined : toCents(v, field));

const removeOf =
  <T extends ManagedTable, V>(m: Managed<T, V>) =>
  (ctx: Ctx, input: { id: number | string }) =>
    deleteManaged(ctx, m, input, idFrom(input.id));
/** An edit whose columns are the fields as they are (`columns` maps them). */
const editOf =
  <T extends ManagedTable, V, I extends { id: number | string; archived?: boolean | undefined }>(
    m: Managed<T, V>,
    columns: (input: I) => RowChange<T>,
  ) =>
  (ctx: Ctx, input: I) =>
    editManaged(ctx, m, input, idFrom(input.id), () => Promise.resolve({ set: columns(input) }));

export const addCashbox = (ctx: Ctx, input: z.infer<typeof s.cashboxAddInput>) =>
  addManaged(ctx, cashboxes, input, () => Promise.resolve({ set: { name: input.name } }));
export const editCashbox = editOf(cashboxes, (i: z.infer<typeof s.cashboxEditInput>) => ({ name: i.name }));
export const deleteCashbox = removeOf(cashboxes);

const userColumns = (i: Partial<z.infer<typeof s.userAddInput>>) => ({
  name: i.name,
  role: i.role,
  email: orNull(i.email),
  phone: orNull(i.phone),
});
export const addUser = (ctx: Ctx, input: z.infer<typeof s.userAddInput>) =>
  addManaged(ctx, users, input, () =>
    Promise.resolve({ set: { ...userColumns(input), name: input.name, role: input.role } }),
  );
export const editUser = editOf(users, (i: z.infer<typeof s.userEditInput>) => userColumns(i));
export const deleteUser = removeOf(users);

export const addDeliveryMan = (ctx: Ctx, input: z.infer<typeof s.deliveryManAddInput>) =>
  addManaged(ctx, deliveryMen, input, () =>
    Promise.resolve({ set: { name: input.name, phone: orNull(input.phone) ?? null } }),
  );
export const editDeliveryMan = editOf(deliveryMen, (i: z.infer<typeof s.deliveryManEditInput>) => ({
  name: i.name,
  phone: orNull(i.phone),
}));
export const deleteDeliveryMan = removeOf(deliveryMen);

const relayColumns = (i: Partial<z.infer<typeof s.relayPointAddInput>>) => ({
  name: i.name,
  address: i.address,
  zip: i.zip,
  city: i.city,
});
export const addRelayPoint = (ctx: Ctx, input: z.infer<typeof s.relayPointAddInput>) =>
  addManaged(ctx, relayPoints, input, () =>
    Promise.resolve({ set: { name: input.name, address: input.address, zip: input.zip, city: input.city } }),
  );
export const editRelayPoint = editOf(relayPoints, (i: z.infer<typeof s.relayPointEditInput>) =>
  relayColumns(i),
);
export const deleteRelayPoint = removeOf(relayPoints);

const zoneColumns = (i: Partial<z.infer<typeof s.deliveryZoneAddInput>>) => ({
  name: i.name,
  postcodes: i.postcodes === undefined ? undefined : postcodesOf(i.postcodes),
  fee: cents(i.fee, 'fee'),
  min_order: cents(i.minOrder, 'minOrder'),
});
export const addDeliveryZone = (ctx: Ctx, input: z.infer<typeof s.deliveryZoneAddInput>) =>
  addManaged(ctx, deliveryZones, input, () =>
    Promise.resolve({
      set: {
        name: input.name,
        postcodes: postcodesOf(input.postcodes),
        fee: toCents(input.fee, 'fee'),
        min_order: toCents(input.minOrder, 'minOrder'),
      },
    }),
  );
export const editDeliveryZone = editOf(deliveryZones, (i: z.infer<typeof s.deliveryZoneEditInput>) =>
  zoneColumns(i),
);
export const deleteDeliveryZone = removeOf(deliveryZones);
