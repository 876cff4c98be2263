import * as z from 'zod';
import { amount } from '../shared/list.schemas.js';

/** The Kash delivery method codes. */
export const DELIVERY_METHODS = [
  { code: 0, key: 'takeaway', name: 'À emporter (takeaway)' },
  { code: 1, key: 'delivery', name: 'Livraison (delivery)' },
  { code: 2, key: 'on_site', name: 'Sur place (on site)' },
  { code: 3, key: 'drive', name: 'Drive (drive-through)' },
  { code: 4, key: 'counter', name: 'Vente au comptoir (counter sale)' },
  { code: 5, key: 'relay_point', name: 'Point relais (relay point)' },
  { code: 6, key: 'shipping', name: 'Expédition (shipping)' },
] as const;
export const ON_SITE = 2;

export const PAYMENT_TYPES = [
  'cash',
  'card',
  'check',
  'bank_transfer',
  'meal_voucher',
  'holiday_voucher',
] as const;

export const user = z.object({ id: z.int(), name: z.string(), role: z.string() });
export const cashbox = z.object({ id: z.int(), name: z.string() });
export const diningTable = z.object({
  id: z.int().describe('The table number, to pass as idtable.'),
  name: z.string(),
  seats: z.int(),
  floor: z.string(),
});
export const paymentMethod = z.object({
  id: z.int().describe('Payment method id, to pass as payment in sale_create / order_edit.'),
  name: z.string(),
  type: z.enum(PAYMENT_TYPES),
  refund: z.boolean().describe('True for a refund method (money paid back), used by order_refund.'),
});
export const deliveryMethod = z.object({
  id: z.int().describe('Kash delivery method code, to pass as deliveryMethod.'),
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
});
export const relayPoint = z.object({
  id: z.int(),
  name: z.string(),
  address: z.string(),
  zip: z.string(),
  city: z.string(),
});
export const deliveryMan = z.object({ id: z.int(), name: z.string(), phone: z.string().nullable() });
