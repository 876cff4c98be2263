/**
 * Payment methods managed by the owner (Kash adds and deletes them; Comptoir also edits them).
 * Kash's type (Cash, Credit_Card, …, `<type>_Refund`) becomes the stored type and refund flag that the
 * sales (a refund method never takes a payment) and the cash report (cash methods are counted in the
 * drawer) read; a title says the type when the call does not.
 */
import * as z from 'zod';
import { InputError, NotFoundError } from '../../domain/errors.js';
import { idFrom } from '../../domain/limits.js';
import { normalizeText } from '../../domain/text.js';
import type { Ctx } from '../shared/context.js';
import { addManaged, deleteManaged, editManaged, usesOf, type Managed } from './venue.manage.js';
import type { paymentModeAddInput, paymentModeEditInput } from './venue.manage.schemas.js';
import { PAYMENT_TYPES } from './venue.schemas.js';
import * as repo from './venue.repository.js';
import { paymentMethodView } from './venue.service.js';
import { WrongStateError } from '../../domain/errors.js';

type PaymentType = (typeof PAYMENT_TYPES)[number];

export const paymentModes: Managed<'payment_methods', ReturnType<typeof paymentMethodView>> = {
  table: 'payment_methods',
  entity: 'payment_method',
  what: 'payment method',
  list: '{{list:payments_modes}}',
  change: '{{change_payment_mode}}',
  ref: 'payment_method',
  sameName: 'refused',
  key: 'id',
  view: paymentMethodView,
};

/** Kash's spellings and Comptoir's, normalized ("credit card", "Credit_Card", "CB" → card). */
const TYPE_NAMES: Record<string, PaymentType> = {
  cash: 'cash',
  especes: 'cash',
  credit_card: 'card',
  card: 'card',
  cb: 'card',
  carte: 'card',
  carte_bancaire: 'card',
  liquide: 'cash',
  check: 'check',
  cheque: 'check',
  bank_transfer: 'bank_transfer',
  transfer: 'bank_transfer',
  virement: 'bank_transfer',
  meal_voucher: 'meal_voucher',
  holiday_voucher: 'holiday_voucher',
};

/** What a title says of the type, most specific first ("Chèque vacances" is a holiday voucher, not a check). */
const GUESSES: [RegExp, PaymentType][] = [
  [/vacances|ancv|holiday/, 'holiday_voucher'],
  [/restau|dejeuner|meal|lunch|swile|edenred|sodexo|up dej/, 'meal_voucher'],
  [/cheque|check/, 'check'],
  [/virement|transfer|wire|sepa/, 'bank_transfer'],
  [/carte|card|\bcb\b|visa|mastercard|amex|contact/, 'card'],
  [/espece|cash|liquide|monnaie/, 'cash'],
];
const REFUND = /rembours|refund|avoir/;

export interface PaymentKind {
  type: PaymentType;
  refund: boolean;
  guessed: boolean;
}

/** Kash's type as Comptoir stores it; without a type, the title's words, else a refusal naming `type`. */
export function paymentKind(type: string | undefined, title: string | undefined): PaymentKind {
  if (type !== undefined) {
    const t = normalizeText(type).replace(/[\s-]+/g, '_');
    const refund = /_?refund$/.test(t) && t !== 'refund';
    const base = refund ? t.replace(/_?refund$/, '') : t;
    const found = TYPE_NAMES[base];
    if (found) return { type: found, refund, guessed: false };
  } else if (title !== undefined) {
    const words = normalizeText(title);
    const found = GUESSES.find(([re]) => re.test(words))?.[1];
    if (found) return { type: found, refund: REFUND.test(words), guessed: true };
  }
  throw new InputError(
    'type',
    `${type === undefined ? 'The title does not say the type' : `"${type}" is not a payment type`}: give type, one of Cash, Credit_Card, Check, Bank_Transfer, Meal_Voucher, Holiday_Voucher, or one of them with _Refund (e.g. Cash_Refund) for a method that pays money back.`,
  );
}
const kashType = (k: { type: string; refund: boolean }) => {
  const name =
    k.type === 'card'
      ? 'Credit_Card'
      : k.type.replace(/(^|_)([a-z])/g, (_, s: string, c: string) => s + c.toUpperCase());
  return k.refund ? `${name}_Refund` : name;
};

export function addPaymentMode(ctx: Ctx, input: z.infer<typeof paymentModeAddInput>) {
  return addManaged(ctx, paymentModes, input, async () => {
    const kind = paymentKind(input.type, input.title);
    return {
      set: { name: input.title, type: kind.type, is_refund: kind.refund ? 1 : 0 },
      warnings: kind.guessed
        ? [`type ${kashType(kind)}, read from the title: send type to set another.`]
        : [],
    };
  });
}

export function editPaymentMode(ctx: Ctx, input: z.infer<typeof paymentModeEditInput>) {
  return editManaged(ctx, paymentModes, input, idFrom(input.id), async (tx, row) => {
    if (input.type === undefined) return { set: { name: input.title } };
    const kind = paymentKind(input.type, undefined);
    const changes = kind.type !== row.type || (kind.refund ? 1 : 0) !== row.is_refund;
    // payments recorded with it keep what they were: the cash report counts a cash method's payments
    if (changes && (await usesOf(tx, paymentModes, row)) > 0)
      throw new WrongStateError(
        'type',
        `Payments were recorded with "${row.name}", so its type cannot change (the cash reports would change): add a new method with {{new_payment_mode}} and archive this one.`,
      );
    return { set: { name: input.title, type: kind.type, is_refund: kind.refund ? 1 : 0 } };
  });
}

export const deletePaymentMode = (ctx: Ctx, input: { id: number | string }) =>
  deleteManaged(ctx, paymentModes, input, idFrom(input.id));

/**
 * The payment method a sale names in words: its name ("Carte bancaire", accents and case ignored), else
 * its type ("card", "CB", "Credit_Card", "espèces"), among the shop's live methods that take payments.
 * None, or several of that type: an error listing the methods, so that the assistant can ask.
 */
export async function paymentMethodNamed(ctx: Ctx, text: string, field: string): Promise<number> {
  const live = (await repo.allPaymentMethods(ctx.db, ctx.shopId)).filter(
    (m) => m.archived_at === null && m.is_refund === 0,
  );
  const listed = (rows: typeof live) => rows.map((m) => `${m.id} "${m.name}"`).join('; ');
  const wanted = normalizeText(text);
  const named = live.filter((m) => normalizeText(m.name) === wanted);
  if (named.length === 1) return named[0]!.id;
  // the exact word of a type only: a sale never guesses ("carte cadeau" is not the bank card)
  const type = TYPE_NAMES[wanted.replace(/[\s-]+/g, '_')];
  const ofType = named.length > 1 ? named : live.filter((m) => m.type === type);
  if (ofType.length === 1) return ofType[0]!.id;
  if (ofType.length > 1)
    throw new InputError(
      field,
      `"${text}" matches ${ofType.length} payment methods: ${listed(ofType)}. Ask which one, then pass its id.`,
      { candidates: ofType.map((m) => ({ id: m.id, name: m.name })) },
    );
  throw new NotFoundError(
    field,
    `No payment method of this shop is named or of type "${text}"; its methods are ${listed(live) || 'none yet'}. Pass one of their ids, or add the method with {{new_payment_mode}}.`,
  );
}
