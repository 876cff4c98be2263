/** zod schemas of the venue's management tools: payment modes, tables, cashboxes, staff, delivery. */
import * as z from 'zod';
import { MAX_ID, MAX_TEXT } from '../../domain/limits.js';
import { flag, idField, idempotencyKey, nameField, priceField, textField } from '../shared/manage.schemas.js';
import { ROLES } from './venue.schemas.js';

/** At most this many tables added in one call. */
export const MAX_TABLES_AT_ONCE = 500;
/** Longest postcode list of a delivery zone. */
export const MAX_POSTCODES = 500;

const archived = flag('true hides it (archived); false brings it back.').optional();
const edit = <S extends z.core.$ZodLooseShape>(what: string, shape: S) =>
  z.object({ id: idField(what), ...shape, archived });
/** An edit's fields: every field of the add, optional. */
const optional = <S extends Record<string, z.ZodType>>(shape: S) =>
  Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof S]: z.ZodOptional<S[K]>;
  };

// payment modes (Kash: title, type)
const paymentType = z
  .string()
  .trim()
  .max(40)
  .describe(
    'Cash, Credit_Card, Check, Bank_Transfer, Meal_Voucher or Holiday_Voucher; with _Refund for a refund method. Guessed from the title if omitted.',
  );
export const paymentModeAddInput = z.object({
  title: nameField('Name, e.g. "Carte bancaire".'),
  type: paymentType.optional(),
  idempotencyKey,
});
export const paymentModeEditInput = edit('payment method', {
  title: nameField('New name.').optional(),
  type: paymentType.optional(),
});

// tables: one, or a range
const tableNumber = (what: string) => z.int().min(1).max(MAX_ID).describe(what);
const seats = z.int().min(0).max(1000).describe('Seats.');
const floor = z.string().trim().max(MAX_TEXT.name).describe('Room or floor, e.g. "Terrasse".');
export const tableAddInput = z.object({
  number: tableNumber('Table number (one table).').optional(),
  name: nameField('Name (default "Table <number>").').optional(),
  from: tableNumber('First number of a range.').optional(),
  to: tableNumber(`Last number of a range (at most ${MAX_TABLES_AT_ONCE} tables).`).optional(),
  seats: seats.optional().describe('Seats (default 4).'),
  floor: floor.optional(),
  idempotencyKey,
});
export const tableEditInput = z.object({
  id: tableNumber('The table number.'),
  number: tableNumber('New number (only while no order names the table).').optional(),
  name: nameField('New name.').optional(),
  seats: seats.optional(),
  floor: floor.optional(),
  archived,
});
export const tableDeleteInput = z.object({ id: tableNumber('The table number.') });

// cashboxes, staff, delivery people
const nameOnly = { name: nameField('Name.') };
export const cashboxAddInput = z.object({ ...nameOnly, idempotencyKey });
export const cashboxEditInput = edit('cashbox', optional(nameOnly));

const userFields = {
  name: nameField('Name.'),
  role: z.enum(ROLES).describe('Role.'),
  email: textField('E-mail.', 200),
  phone: textField('Phone.', 50),
};
export const userAddInput = z.object({
  ...userFields,
  role: userFields.role.default('waiter').describe('Role (default waiter).'),
  idempotencyKey,
});
export const userEditInput = edit('user', optional(userFields));

const deliveryManFields = { name: nameField('Name.'), phone: textField('Phone.', 50) };
export const deliveryManAddInput = z.object({ ...deliveryManFields, idempotencyKey });
export const deliveryManEditInput = edit('delivery person', optional(deliveryManFields));

// delivery zones and relay points
const zoneFields = {
  name: nameField('Name.'),
  postcodes: z
    .union([z.array(z.string().trim().min(1).max(20)).max(MAX_POSTCODES), z.string().max(MAX_POSTCODES * 21)])
    .describe('Postcodes served: a list, or text separated by commas or spaces.'),
  fee: priceField('Delivery fee.'),
  minOrder: priceField('Minimum order.'),
};
export const deliveryZoneAddInput = z.object({
  ...zoneFields,
  fee: zoneFields.fee.default(0),
  minOrder: zoneFields.minOrder.default(0),
  idempotencyKey,
});
export const deliveryZoneEditInput = edit('delivery zone', optional(zoneFields));

const relayFields = {
  name: nameField('Name.'),
  address: nameField('Street address.', 300),
  zip: nameField('Postcode.', 20),
  city: nameField('City.', 100),
};
export const relayPointAddInput = z.object({ ...relayFields, idempotencyKey });
export const relayPointEditInput = edit('relay point', optional(relayFields));
