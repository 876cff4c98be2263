/**
 * Turns the items of a sale (Kash objects, legacy strings, product names) into priced lines, and the
 * lines into totals and a VAT breakdown. Reads the catalog; writes nothing.
 */
import type { Ctx } from '../shared/context.js';
import { InputError, NotFoundError } from '../../domain/errors.js';
import { parseLegacyItem } from '../../domain/legacy-items.js';
import {
  idFrom,
  MAX_ID,
  MAX_LINES,
  MAX_LINE_CENTS,
  MAX_ORDER_CENTS,
  MAX_QUANTITY,
  MAX_TEXT,
} from '../../domain/limits.js';
import { formatCents, toCents } from '../../domain/money.js';
import { computeOrderTotals, type Discount, type OrderTotals } from '../../domain/order-totals.js';
import { normalizeText } from '../../domain/text.js';
import * as catalog from '../catalog/catalog.service.js';
import type { ItemInput } from './sales.schemas.js';

export interface PricedLine {
  /** where the caller wrote it, e.g. items[2] */
  field: string;
  kind: 'catalog' | 'dept' | 'free';
  productId: number | null;
  departmentId: number | null;
  title: string;
  /** a catalog line: the product's own title (the line's title may be an override) */
  productTitle?: string;
  quantity: number;
  unitPrice: number;
  variations: { id: number; name: string; priceDelta: number }[];
  vatBp: number;
  discount?: Discount | undefined;
}

/** A catalog, department or free line as the pricing needs it, whichever way it was written. */
interface NormalizedItem {
  kind: 'catalog' | 'dept' | 'free';
  field: string;
  productId?: number;
  productName?: string;
  quantity: number;
  title?: string | undefined;
  price?: number | undefined; // cents: priceOverride for catalog, the amount for dept/free
  declinaisons: (number | string)[];
  departmentId?: number;
  discount?: Discount | undefined;
}

/** A positive integer id from a number or a numeric string (Kash sends both), at most MAX_ID. */
export function toId(value: number | string, field: string): number {
  const n = idFrom(value);
  if (n === undefined)
    throw new InputError(field, `"${value}" is not an id: give a whole number from 1 to ${MAX_ID}.`);
  return n;
}

export function toDiscount(
  d: { percent?: number | undefined; amount?: number | undefined },
  field: string,
): Discount {
  if ((d.percent === undefined) === (d.amount === undefined)) {
    throw new InputError(
      field,
      'Give a discount either as percent (e.g. {"percent": 10}) or as amount (e.g. {"amount": 5}), not both.',
    );
  }
  if (d.percent !== undefined) {
    if (!(d.percent > 0 && d.percent <= 100))
      throw new InputError(`${field}.percent`, 'A percent discount is between 0 and 100, e.g. 10 for 10 %.');
    const bp = Math.round(d.percent * 100);
    if (Math.abs(bp - d.percent * 100) > 1e-6)
      throw new InputError(`${field}.percent`, 'Give the percentage with at most two decimals, e.g. 12.5.');
    return { kind: 'percent', valueBp: bp };
  }
  const cents = toCents(d.amount ?? 0, `${field}.amount`);
  if (cents <= 0) throw new InputError(`${field}.amount`, 'A discount amount is positive, e.g. 5 for €5.');
  return { kind: 'amount', cents };
}

function positivePrice(value: number, field: string): number {
  const cents = toCents(value, field);
  if (cents < 0)
    throw new InputError(
      field,
      'A price cannot be negative. To take money off, use a discount; to pay back a sale, use {{refund}}.',
    );
  return cents;
}

function normalizeItem(raw: ItemInput, field: string): NormalizedItem {
  if (typeof raw === 'string') {
    const p = parseLegacyItem(raw, field);
    if (p.type === 'catalog') {
      return {
        kind: 'catalog',
        field,
        productId: p.productId,
        quantity: p.quantity,
        title: p.titleOverride,
        price: p.priceOverride,
        declinaisons: p.declinaisons,
      };
    }
    if (p.type === 'dept')
      return {
        kind: 'dept',
        field,
        departmentId: p.departmentId,
        quantity: 1,
        title: p.title,
        price: p.price,
        declinaisons: [],
      };
    return { kind: 'free', field, quantity: 1, title: p.title, price: p.price, declinaisons: [] };
  }
  const kind =
    raw.type ??
    (raw.departmentId !== undefined
      ? 'dept'
      : raw.productId !== undefined || raw.productName !== undefined
        ? 'catalog'
        : raw.price !== undefined
          ? 'free'
          : 'catalog');
  const quantity = raw.quantity ?? 1;
  if (!Number.isInteger(quantity) || quantity <= 0 || quantity > MAX_QUANTITY) {
    throw new InputError(
      `${field}.quantity`,
      `quantity must be a whole number from 1 to ${MAX_QUANTITY} (got ${quantity}); to take something back, use {{refund}}.`,
    );
  }
  const discount = raw.discount ? toDiscount(raw.discount, `${field}.discount`) : undefined;
  if (kind === 'catalog') {
    if (raw.productId === undefined && !raw.productName?.trim()) {
      throw new InputError(
        field,
        'A catalog line needs productId or productName (or use type "free" with a price for a line outside the catalog).',
      );
    }
    return {
      kind,
      field,
      ...(raw.productId !== undefined
        ? { productId: toId(raw.productId, `${field}.productId`) }
        : { productName: raw.productName ?? '' }),
      quantity,
      title: raw.titleOverride,
      price:
        raw.priceOverride === undefined
          ? undefined
          : positivePrice(raw.priceOverride, `${field}.priceOverride`),
      declinaisons: raw.declinaisons ?? [],
      discount,
    };
  }
  if (raw.price === undefined)
    throw new InputError(`${field}.price`, `A ${kind} line needs a price (VAT included), e.g. "price": 4.5.`);
  const price = positivePrice(raw.price, `${field}.price`);
  if (kind === 'dept') {
    if (raw.departmentId === undefined)
      throw new InputError(`${field}.departmentId`, 'A dept line needs departmentId ({{list:departments}}).');
    return {
      kind,
      field,
      departmentId: toId(raw.departmentId, `${field}.departmentId`),
      quantity,
      title: raw.title,
      price,
      declinaisons: [],
      discount,
    };
  }
  return { kind, field, quantity, title: raw.title, price, declinaisons: [], discount };
}

function pickChoices(product: catalog.ProductForSale, wanted: (number | string)[], field: string) {
  const all = product.groups.flatMap((g) => g.choices);
  const picked = wanted.map((w, i) => {
    const c =
      typeof w === 'number'
        ? all.find((x) => x.id === w)
        : all.find((x) => normalizeText(x.name) === normalizeText(w));
    if (!c) {
      const offered = product.groups
        .map((g) => `${g.name}: ${g.choices.map((x) => `${x.id} ${x.name}`).join(', ')}`)
        .join(' | ');
      throw new InputError(
        `${field}.declinaisons[${i}]`,
        `"${w}" is not a variation of "${product.row.title}". ${offered ? `Choose among ${offered}.` : 'This product has no variations.'}`,
      );
    }
    return c;
  });
  const groups = new Set<number>();
  for (const c of picked) {
    if (groups.has(c.groupId))
      throw new InputError(
        `${field}.declinaisons`,
        `Choose at most one ${c.groupName} for "${product.row.title}".`,
      );
    groups.add(c.groupId);
  }
  return picked;
}

/** Prices every item. `onSite` selects the eat-in VAT rate of products. */
export async function priceItems(
  ctx: Ctx,
  items: ItemInput[],
  onSite: boolean,
  defaultVatBp: number,
): Promise<PricedLine[]> {
  if (items.length === 0)
    throw new InputError(
      'items',
      'An order needs at least one item, e.g. [{"productName": "Café", "quantity": 2}].',
    );
  if (items.length > MAX_LINES) throw new InputError('items', `An order has at most ${MAX_LINES} lines.`);
  const normalized = items.map((it, i) => normalizeItem(it, `items[${i}]`));
  for (const n of normalized)
    if (n.title !== undefined && n.title.length > MAX_TEXT.name)
      throw new InputError(
        `${n.field}.${n.kind === 'catalog' ? 'titleOverride' : 'title'}`,
        `The title has ${n.title.length} characters; give at most ${MAX_TEXT.name}.`,
      );
  for (const n of normalized) {
    if (n.kind === 'catalog' && n.productId === undefined) {
      n.productId = (
        await catalog.resolveProductByName(ctx, n.productName ?? '', `${n.field}.productName`)
      ).id;
    }
  }
  const products = await catalog.productsForSale(
    ctx,
    normalized.flatMap((n) => (n.productId ? [n.productId] : [])),
    normalized.flatMap((n) => (n.productId ? [n.field] : [])),
  );
  const lines: PricedLine[] = [];
  for (const n of normalized) {
    if (n.kind === 'catalog') {
      const p = products.get(n.productId ?? 0);
      if (!p || p.row.active !== 1) {
        throw new NotFoundError(
          `${n.field}.productId`,
          `No product has id ${n.productId} in this shop. Call {{search}} or {{list:products}} for the ids, or pass productName.`,
        );
      }
      const choices = pickChoices(p, n.declinaisons, n.field);
      const unit = n.price ?? p.row.price + choices.reduce((s, c) => s + c.priceDelta, 0);
      if (unit < 0 || unit > MAX_LINE_CENTS)
        throw new InputError(
          `${n.field}.declinaisons`,
          `With these variation choices "${p.row.title}" would cost ${formatCents(unit)}: a unit price is from 0 to ${formatCents(MAX_LINE_CENTS)}. Choose other choices, or give priceOverride.`,
        );
      lines.push({
        field: n.field,
        kind: 'catalog',
        productId: p.row.id,
        departmentId: p.row.department_id,
        title: n.title?.trim() || p.row.title,
        productTitle: p.row.title,
        quantity: n.quantity,
        unitPrice: unit,
        variations: choices.map((c) => ({ id: c.id, name: c.name, priceDelta: c.priceDelta })),
        vatBp: onSite ? p.row.vat_eat_in_bp : p.row.vat_takeaway_bp,
        discount: n.discount,
      });
    } else if (n.kind === 'dept') {
      const d = await catalog.departmentForSale(ctx, n.departmentId ?? 0, `${n.field}.departmentId`);
      if (!d)
        throw new NotFoundError(
          `${n.field}.departmentId`,
          `No department has id ${n.departmentId} in this shop. Call {{list:departments}} for the ids.`,
        );
      lines.push({
        field: n.field,
        kind: 'dept',
        productId: null,
        departmentId: d.id,
        title: n.title?.trim() || d.name,
        quantity: n.quantity,
        unitPrice: n.price ?? 0,
        variations: [],
        vatBp: d.vat_bp,
        discount: n.discount,
      });
    } else {
      lines.push({
        field: n.field,
        kind: 'free',
        productId: null,
        departmentId: null,
        title: n.title?.trim() || 'Divers',
        quantity: n.quantity,
        unitPrice: n.price ?? 0,
        variations: [],
        vatBp: defaultVatBp,
        discount: n.discount,
      });
    }
  }
  return lines;
}

const euros = (cents: number) => formatCents(cents);

/**
 * The totals of priced lines, within the bounds every order keeps (domain/limits.ts): a unit price and
 * a line at most MAX_LINE_CENTS, the order at most MAX_ORDER_CENTS.
 */
export function totalsOf(lines: PricedLine[], orderDiscount?: Discount): OrderTotals {
  for (const l of lines) {
    if (l.unitPrice > MAX_LINE_CENTS)
      throw new InputError(
        l.field,
        `The unit price ${euros(l.unitPrice)} is more than the largest a line takes, ${euros(MAX_LINE_CENTS)}; check the price.`,
      );
    if (l.unitPrice * l.quantity > MAX_LINE_CENTS)
      throw new InputError(
        l.field,
        `${l.quantity} × ${euros(l.unitPrice)} = ${euros(l.unitPrice * l.quantity)} is more than the largest line, ${euros(MAX_LINE_CENTS)}; split it over several lines or orders.`,
      );
  }
  const subtotal = lines.reduce((s, l) => s + l.unitPrice * l.quantity, 0);
  if (subtotal > MAX_ORDER_CENTS)
    throw new InputError(
      'items',
      `The order comes to ${euros(subtotal)} before discounts, more than the largest order, ${euros(MAX_ORDER_CENTS)}; split it over several orders.`,
    );
  return computeOrderTotals(
    lines.map((l) => ({
      unitPrice: l.unitPrice,
      quantity: l.quantity,
      vatBp: l.vatBp,
      discount: l.discount,
    })),
    orderDiscount,
  );
}
