import * as z from 'zod';
import { amount } from '../shared/list.schemas.js';

/** The Kash delivery method codes. */
/** Kash's delivery method codes: the one list every module uses. */
export const TAKEAWAY = 0;
export const DELIVERY = 1;
export const ON_SITE = 2;
export const DRIVE = 3;
export const COUNTER = 4;
export const RELAY_POINT = 5;
export const SHIPPING = 6;
export const DELIVERY_METHODS = [
  { code: TAKEAWAY, key: 'takeaway', name: 'À emporter (takeaway)' },
  { code: DELIVERY, key: 'delivery', name: 'Livraison (delivery)' },
  { code: ON_SITE, key: 'on_site', name: 'Sur place (on site)' },
  { code: DRIVE, key: 'drive', name: 'Drive (drive-through)' },
  { code: COUNTER, key: 'counter', name: 'Vente au comptoir (counter sale)' },
  { code: RELAY_POINT, key: 'relay_point', name: 'Point relais (relay point)' },
  { code: SHIPPING, key: 'shipping', name: 'Expédition (shipping)' },
] as const;

export const PAYMENT_TYPES = [
  'cash',
  'card',
  'check',
  'bank_transfer',
  'meal_voucher',
  'holiday_voucher',
] as const;

/** Present (true) only on an archived row: listed with includeArchived, refused by a sale. */
export const archivedMark = z.literal(true).optional();

/** Staff roles. */
export const ROLES = ['owner', 'manager', 'waiter', 'cashier'] as const;

export const user = z.object({
  id: z.int(),
  name: z.string(),
  role: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  archived: archivedMark,
});
export const cashbox = z.object({ id: z.int(), name: z.string(), archived: archivedMark });
export const diningTable = z.object({
  id: z.int().describe('Table number (idtable).'),
  name: z.string(),
  seats: z.int(),
  floor: z.string(),
  archived: archivedMark,
});
export const paymentMethod = z.object({
  id: z.int().describe('payment of {{sell}}, {{edit}}.'),
  name: z.string(),
  type: z.enum(PAYMENT_TYPES),
  refund: z.boolean().describe('Pays money back ({{refund}}).'),
  archived: archivedMark,
});
export const deliveryMethod = z.object({
  id: z.int().describe('The deliveryMethod code.'),
  key: z.string(),
  name: z.string(),
  enabled: z.boolean(),
});
export const deliveryZone = z.object({
  id: z.int(),
  name: z.string(),
  postcodes: z.array(z.string()),
  fee: amount,
  minOrder: amount,
  archived: archivedMark,
});
export const relayPoint = z.object({
  id: z.int(),
  name: z.string(),
  address: z.string(),
  zip: z.string(),
  city: z.string(),
  archived: archivedMark,
});
export const deliveryMan = z.object({
  id: z.int(),
  name: z.string(),
  phone: z.string().nullable(),
  archived: archivedMark,
});
