/** zod schemas of the venue's management tools: payment modes, tables, cashboxes, staff, delivery. */
import * as z from 'zod';
import { MAX_ID, MAX_TEXT } from '../../domain/limits.js';
import {
  flag,
  idField,
  idempotencyKey,
  nameField,
  priceField,
  textField,
  undescribed,
} from '../shared/manage.schemas.js';
import { ROLES } from './venue.schemas.js';

/** At most this many tables added in one call. */
export const MAX_TABLES_AT_ONCE = 500;
/** Longest postcode list of a delivery zone. */
export const MAX_POSTCODES = 500;

/** true archives (hides), false brings back. */
const archived = flag().optional();
const edit = <S extends z.core.$ZodLooseShape>(shape: S) => z.object({ id: idField(), ...shape, archived });
/** An edit's fields: every field of the add, optional, described by the add tool (not listed again). */
const optional = <S extends Record<string, z.ZodType>>(shape: S) =>
  Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, undescribed(v.optional())])) as {
    [K in keyof S]: z.ZodOptional<S[K]>;
  };

// payment modes (Kash: title, type)
const paymentType = z
  .string()
  .trim()
  .max(40)
  .describe(
    'Cash, Credit_Card, Check, Bank_Transfer, Meal_Voucher or Holiday_Voucher, + _Refund for a refund method; default guessed from title.',
  );
export const paymentModeAddInput = z.object({
  title: nameField(),
  type: paymentType.optional(),
  idempotencyKey,
});
export const paymentModeEditInput = edit(optional({ title: nameField(), type: paymentType }));

// tables: one, or a range
const tableNumber = (what?: string) => {
  const n = z.int().min(1).max(MAX_ID);
  return what ? n.describe(what) : n;
};
const seats = z.int().min(0).max(1000);
const floor = z.string().trim().max(MAX_TEXT.name).describe('Room or area, e.g. "Terrasse".');
/** One table (number) or a range (from, to): the tool's description says so. */
export const tableAddInput = z.object({
  number: tableNumber().optional(),
  name: nameField('Default "Table <number>".').optional(),
  from: tableNumber().optional(),
  to: tableNumber().optional(),
  seats: seats.optional().describe('Default 4.'),
  floor: floor.optional(),
  idempotencyKey,
});
export const tableEditInput = z.object({
  id: tableNumber('Table number.'),
  number: tableNumber('New number, while no order names the table.').optional(),
  name: nameField().optional(),
  seats: seats.optional(),
  floor: undescribed(floor.optional()),
  archived,
});
export const tableDeleteInput = z.object({ id: tableNumber('Table number.') });

// cashboxes, staff, delivery people
const nameOnly = { name: nameField() };
export const cashboxAddInput = z.object({ ...nameOnly, idempotencyKey });
export const cashboxEditInput = edit(optional(nameOnly));

const userFields = {
  name: nameField(),
  role: z.enum(ROLES),
  email: textField(undefined, 200),
  phone: textField(undefined, 50),
};
export const userAddInput = z.object({
  ...userFields,
  role: userFields.role.default('waiter'),
  idempotencyKey,
});
export const userEditInput = edit(optional(userFields));

const deliveryManFields = { name: nameField(), phone: textField(undefined, 50) };
export const deliveryManAddInput = z.object({ ...deliveryManFields, idempotencyKey });
export const deliveryManEditInput = edit(optional(deliveryManFields));

// delivery zones and relay points
const zoneFields = {
  name: nameField(),
  postcodes: z
    .union([z.array(z.string().trim().min(1).max(20)).max(MAX_POSTCODES), z.string().max(MAX_POSTCODES * 21)])
    .describe('Served: a list, or text split by commas or spaces.'),
  fee: priceField(),
  minOrder: priceField(),
};
export const deliveryZoneAddInput = z.object({
  ...zoneFields,
  fee: zoneFields.fee.default(0),
  minOrder: zoneFields.minOrder.default(0),
  idempotencyKey,
});
export const deliveryZoneEditInput = edit(optional(zoneFields));

const relayFields = {
  name: nameField(),
  address: nameField(undefined, 300),
  zip: nameField(undefined, 20),
  city: nameField(undefined, 100),
};
export const relayPointAddInput = z.object({ ...relayFields, idempotencyKey });
export const relayPointEditInput = edit(optional(relayFields));
