/**
 * Products (PLU) managed by the owner. `createProduct` and `updateProduct` run inside the caller's
 * transaction (no `once`, no transaction of their own), check everything, write and journal: the tools
 * call them inside `once`, the importer once per line of its file (`field` = "lines[3]" prefixes the
 * field names of its errors). A recorded order keeps its own copy of title, price and VAT, so no change
 * here alters one. A product that orders or stock movements name is archived instead of deleted.
 */
import type * as z from 'zod';
import { journal, once } from '../audit/audit.service.js';
import { ConflictError, InputError, NotFoundError, WrongStateError } from '../../domain/errors.js';
import { idFrom } from '../../domain/limits.js';
import { fromCents, toCents } from '../../domain/money.js';
import { normalizeText } from '../../domain/text.js';
import { nowIso, type Ctx } from '../shared/context.js';
import type { Change } from '../shared/manage.schemas.js';
import { ordersNaming } from '../shared/references.js';
import * as repo from './catalog.manage.repository.js';
import {
  pluChanges,
  pluFields,
  type PluChanges,
  type PluFields,
  type ProductDetail,
  type pluAddInput,
  type pluEditInput,
} from './catalog.manage.schemas.js';
import { productsByBarcode, type ProductRow } from './catalog.repository.js';
import { bpToPercent, toViews } from './catalog.service.js';
import {
  at,
  edited,
  isNone,
  resolveDepartment,
  resolveVariationGroup,
  resolveVat,
  shopDefaultVat,
} from './catalog.resolve.js';

export type { PluChanges, PluFields } from './catalog.manage.schemas.js';
/** The importer's "match it, else create it", in its transaction. */
export { findOrCreateDepartment, findOrCreateVat } from './catalog.resolve.js';

/** The fields checked with their schema (bounds, types), errors named under `prefix`: the importer's values pass the tools' checks. */
function parse<S extends z.ZodType>(schema: S, input: unknown, prefix: string): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const path = issue.path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
  throw new InputError(at(prefix, path || 'arguments'), issue.message);
}

export async function productDetail(tx: Ctx, id: number): Promise<ProductDetail> {
  const row = (await repo.rowById(tx.db, 'products', tx.shopId, id))!;
  const [view] = await toViews(tx, [row]);
  return {
    ...view!,
    description: row.description,
    buyingPrice: row.buying_price === null ? null : fromCents(row.buying_price),
    internalId: row.internal_id,
    discountId: row.discount_id,
    position: row.position,
    keyboardHide: row.keyboard_hide === 1,
  };
}

const searchText = (title: string, shortTitle: string) => normalizeText(`${title} ${shortTitle}`);
const described = (p: ProductRow) => `${p.id} "${p.title}" (${fromCents(p.price).toFixed(2)})`;

/** Refuses a second live product of the same (normalized) title, unless asked for. */
async function refuseSameTitle(
  tx: Ctx,
  title: string,
  field: string,
  allow: boolean | undefined,
  self?: number,
) {
  if (allow) return;
  const wanted = normalizeText(title);
  const same = (await repo.productsTitled(tx.db, tx.shopId, wanted)).find(
    (p) => p.id !== self && p.active === 1 && normalizeText(p.title) === wanted,
  );
  if (same)
    throw new ConflictError(
      field,
      `The shop already has a product named "${same.title}": ${described(same)}. Change that one with {{change_product}}, or pass allowDuplicateTitle: true if you really want two.`,
    );
}

/** Refuses a barcode another product (archived ones too) has. */
async function refuseSameBarcode(tx: Ctx, barcode: string | null, field: string, self?: number) {
  if (barcode === null) return;
  const other = (await productsByBarcode(tx.db, tx.shopId, barcode, true)).find((p) => p.id !== self);
  if (other)
    throw new ConflictError(
      field,
      `Barcode ${barcode} is already the barcode of product ${described(other)}${other.active === 1 ? '' : ', archived'}: one barcode names one product. Change that product with {{change_product}}, or give another barcode.`,
    );
}

/** The discount of `discountID`: null for 0, undefined when not given. */
async function discountOf(tx: Ctx, id: number | string | undefined, field: string) {
  if (id === undefined) return undefined;
  if (isNone(id)) return null;
  const n = idFrom(id);
  const d = n === undefined ? undefined : await repo.rowById(tx.db, 'discounts', tx.shopId, n);
  if (!d || d.archived_at !== null)
    throw new NotFoundError(
      field,
      `No discount has id ${String(id)}. See {{list:discounts}}, or add one with {{new_discount}}.`,
    );
  return d.id;
}

/** The variation slots after the change (`slots[k]`, 0 = empty), or undefined when none is named. */
async function slotsAfter(tx: Ctx, f: PluChangesOut, current: number[], prefix: string) {
  const byId = [f.variationID0, f.variationID1, f.variationID2, f.variationID3, f.variationID4];
  let slots: number[];
  if (f.variations !== undefined) {
    if (byId.some((v) => v !== undefined))
      throw new InputError(
        at(prefix, 'variations'),
        'Give either variations or variationID0…variationID4, not both.',
      );
    slots = [];
    for (const [i, name] of f.variations.entries()) {
      const g = await resolveVariationGroup(tx, undefined, name, {
        id: '',
        name: at(prefix, `variations[${i}]`),
      });
      slots.push(g!.id);
    }
  } else if (byId.some((v) => v !== undefined)) {
    slots = [0, 1, 2, 3, 4].map((k) => current[k] ?? 0);
    for (const [k, v] of byId.entries()) {
      if (v === undefined) continue;
      slots[k] = isNone(v)
        ? 0
        : (await resolveVariationGroup(tx, v, undefined, { id: at(prefix, `variationID${k}`), name: '' }))!
            .id;
    }
  } else return undefined;
  const used = slots.filter((g) => g !== 0);
  if (new Set(used).size !== used.length)
    throw new InputError(
      at(prefix, f.variations !== undefined ? 'variations' : 'variationID0'),
      'A variation group can be in one slot only.',
    );
  return slots;
}

type PluChangesOut = z.output<typeof pluChanges>;

function checkStock(stock: number | null, alert: number | null, prefix: string) {
  if (alert !== null && stock === null)
    throw new InputError(
      at(prefix, 'stockAlert'),
      'The stock of this product is not tracked, so it has no alert level: give stock too (the units in stock now), or leave stockAlert out.',
    );
}

/**
 * Adds a product in the caller's transaction: checks (title and price required, department, VAT rates,
 * variation groups and discount known, no other live product of that title unless allowDuplicateTitle,
 * no other product with that barcode, an alert level only with a tracked stock), writes, journals.
 * VAT: vatID | vat, else the department's, else the shop's default; eat-in: eatinvatID | eatInVat, else
 * the takeaway rate.
 */
export async function createProduct(tx: Ctx, input: PluFields, field = ''): Promise<Change<ProductDetail>> {
  const f = parse(pluFields, input, field);
  if (f.title === undefined)
    throw new InputError(at(field, 'title'), 'A product needs a title, e.g. "Tarte aux pommes".');
  if (f.price === undefined)
    throw new InputError(at(field, 'price'), 'A product needs a price, e.g. 4.5 (VAT included).');
  const warnings: string[] = [];
  const dept = isNone(f.deptID)
    ? undefined
    : await resolveDepartment(tx, f.deptID, f.department, {
        id: at(field, 'deptID'),
        name: at(field, 'department'),
      });
  let vat = await resolveVat(tx, f.vatID, f.vat, { id: at(field, 'vatID'), rate: at(field, 'vat') });
  if (vat === undefined) {
    vat = dept?.vat_bp ?? (await shopDefaultVat(tx));
    if (vat === undefined)
      throw new InputError(
        at(field, 'vat'),
        'Give the VAT rate (vat, in %, or vatID from {{list:vats}}), or a department.',
      );
    warnings.push(
      `No VAT rate given: ${bpToPercent(vat)} %, ${dept ? `the rate of "${dept.name}"` : "the shop's default"}.`,
    );
  }
  const eatIn =
    (await resolveVat(tx, f.eatinvatID, f.eatInVat, {
      id: at(field, 'eatinvatID'),
      rate: at(field, 'eatInVat'),
    })) ?? vat;
  const slots = (await slotsAfter(tx, f, [], field)) ?? [];
  const barcode = f.barcode || null;
  await refuseSameBarcode(tx, barcode, at(field, 'barcode'));
  await refuseSameTitle(tx, f.title, at(field, 'title'), f.allowDuplicateTitle);
  checkStock(f.stock ?? null, f.stockAlert ?? null, field);
  const discountId = await discountOf(tx, f.discountID, at(field, 'discountID'));
  const shortTitle = f.shortTitle || f.title;
  const id = await repo.insertRow(tx.db, 'products', {
    shop_id: tx.shopId,
    title: f.title,
    short_title: shortTitle,
    search_text: searchText(f.title, shortTitle),
    price: toCents(f.price, at(field, 'price')),
    vat_takeaway_bp: vat,
    vat_eat_in_bp: eatIn,
    department_id: dept?.id ?? null,
    barcode,
    stock: f.stock ?? null,
    stock_alert: f.stockAlert ?? null,
    active: 1,
    description: f.description || null,
    buying_price: f.buyingPrice == null ? null : toCents(f.buyingPrice, at(field, 'buyingPrice')),
    internal_id: f.internalID || null,
    discount_id: discountId ?? null,
    archived_at: null,
    ...(f.position !== undefined ? { position: f.position } : {}),
    ...(f.keyboardHide !== undefined ? { keyboard_hide: f.keyboardHide ? 1 : 0 } : {}),
  });
  await repo.setSlots(tx.db, tx.shopId, id, slots);
  if (f.stock != null) await levelSet(tx, id, f.stock, null, 'initial stock');
  const item = await productDetail(tx, id);
  await journal(tx, { entity: 'product', id, action: 'add', after: item });
  return { action: 'added', id, warnings, item };
}

/** A level given on the product (at its creation, or by an edit) as a stock count in the movements. */
function levelSet(tx: Ctx, productId: number, stock: number, was: number | null, reason: string) {
  return repo.insertStockMovement(tx.db, {
    shop_id: tx.shopId,
    product_id: productId,
    kind: 'count',
    quantity: stock - (was ?? 0),
    stock,
    reason,
    order_id: null,
    actor: tx.actor,
    at: nowIso(tx),
  });
}

async function requireProduct(tx: Ctx, idIn: number | string, field: string): Promise<ProductRow> {
  const id = idFrom(idIn);
  const row = id === undefined ? undefined : await repo.rowById(tx.db, 'products', tx.shopId, id);
  if (!row)
    throw new NotFoundError(
      field,
      `No product has id ${String(idIn)}. See {{search}} or {{list:products}} for the ids.`,
    );
  return row;
}

/**
 * Changes a product in the caller's transaction, with the checks of createProduct. An archived product
 * is refused unless the change brings it back (archived: false). A new level of a tracked stock is
 * recorded as a stock count. A new takeaway rate also moves the eat-in rate when the two were equal
 * and no eat-in rate is given.
 */
export async function updateProduct(
  tx: Ctx,
  idIn: number | string,
  input: PluChanges,
  field = '',
): Promise<Change<ProductDetail>> {
  const f = parse(pluChanges, input, field);
  const row = await requireProduct(tx, idIn, at(field, 'id'));
  const archived = row.active !== 1;
  if (archived && f.archived !== false)
    throw new WrongStateError(
      at(field, 'id'),
      `Product ${described(row)} is archived: pass archived: false to bring it back (with any other change).`,
    );
  const before = await productDetail(tx, row.id);
  const warnings: string[] = [];
  const title = f.title ?? row.title;
  const shortTitle = f.shortTitle === undefined ? row.short_title : f.shortTitle || title;
  const live = f.archived === undefined ? !archived : !f.archived;
  if (live && (title !== row.title || archived))
    await refuseSameTitle(tx, title, at(field, 'title'), f.allowDuplicateTitle, row.id);
  const barcode = f.barcode === undefined ? row.barcode : f.barcode || null;
  if (barcode !== row.barcode) await refuseSameBarcode(tx, barcode, at(field, 'barcode'), row.id);

  let departmentId: number | null | undefined;
  if (isNone(f.deptID) && f.department === undefined) departmentId = null;
  else {
    const dept = await resolveDepartment(tx, f.deptID, f.department, {
      id: at(field, 'deptID'),
      name: at(field, 'department'),
    });
    departmentId = dept?.id;
    if (
      dept &&
      dept.id !== row.department_id &&
      f.vatID === undefined &&
      f.vat === undefined &&
      dept.vat_bp !== row.vat_takeaway_bp
    )
      warnings.push(
        `The product keeps its ${bpToPercent(row.vat_takeaway_bp)} % VAT rate; "${dept.name}" has ${bpToPercent(dept.vat_bp)} % (pass vat to change it).`,
      );
  }
  const vat = await resolveVat(tx, f.vatID, f.vat, { id: at(field, 'vatID'), rate: at(field, 'vat') });
  let eatIn = await resolveVat(tx, f.eatinvatID, f.eatInVat, {
    id: at(field, 'eatinvatID'),
    rate: at(field, 'eatInVat'),
  });
  if (eatIn === undefined && vat !== undefined && row.vat_eat_in_bp === row.vat_takeaway_bp) eatIn = vat;

  const stock = f.stock === undefined ? row.stock : f.stock;
  const alert = f.stockAlert !== undefined ? f.stockAlert : stock === null ? null : row.stock_alert;
  checkStock(stock, alert, field);
  if (stock !== null && stock !== row.stock)
    await levelSet(
      tx,
      row.id,
      stock,
      row.stock,
      row.stock === null ? 'tracking started' : 'level set on the product',
    );
  const discountId = await discountOf(tx, f.discountID, at(field, 'discountID'));
  const current = [0, 0, 0, 0, 0];
  for (const s of await repo.slotsOf(tx.db, tx.shopId, row.id))
    if (s.position < 5) current[s.position] = s.group_id;
  const slots = await slotsAfter(tx, f, current, field);

  await repo.updateRow(tx.db, 'products', tx.shopId, row.id, {
    title,
    short_title: shortTitle,
    search_text: searchText(title, shortTitle),
    barcode,
    stock,
    stock_alert: alert,
    ...(f.price !== undefined ? { price: toCents(f.price, at(field, 'price')) } : {}),
    ...(f.buyingPrice !== undefined
      ? { buying_price: f.buyingPrice === null ? null : toCents(f.buyingPrice, at(field, 'buyingPrice')) }
      : {}),
    ...(f.description !== undefined ? { description: f.description || null } : {}),
    ...(f.internalID !== undefined ? { internal_id: f.internalID || null } : {}),
    ...(departmentId !== undefined ? { department_id: departmentId } : {}),
    ...(vat !== undefined ? { vat_takeaway_bp: vat } : {}),
    ...(eatIn !== undefined ? { vat_eat_in_bp: eatIn } : {}),
    ...(discountId !== undefined ? { discount_id: discountId } : {}),
    ...(f.position !== undefined ? { position: f.position } : {}),
    ...(f.keyboardHide !== undefined ? { keyboard_hide: f.keyboardHide ? 1 : 0 } : {}),
    ...(f.archived !== undefined
      ? { active: f.archived ? 0 : 1, archived_at: f.archived ? (row.archived_at ?? nowIso(tx)) : null }
      : {}),
  });
  if (slots !== undefined) await repo.setSlots(tx.db, tx.shopId, row.id, slots);
  return edited(tx, 'product', row.id, before, await productDetail(tx, row.id), warnings);
}

// ---- the tools' use cases ---------------------------------------------------------------------------

export function addProduct(ctx: Ctx, input: z.infer<typeof pluAddInput>) {
  return once(ctx, 'add_product', input, (tx) => createProduct(tx, input));
}

export function editProduct(ctx: Ctx, input: z.infer<typeof pluEditInput>) {
  return once(ctx, 'edit_product', {}, (tx) => updateProduct(tx, input.id, input));
}

export function deleteProduct(ctx: Ctx, input: { id: number | string }) {
  return once(ctx, 'delete_product', {}, async (tx): Promise<Change<ProductDetail>> => {
    const row = await requireProduct(tx, input.id, 'id');
    const before = await productDetail(tx, row.id);
    const orders = await ordersNaming(tx, { kind: 'product', id: row.id });
    const moves = await repo.stockMovementsOf(tx.db, tx.shopId, row.id);
    if (orders > 0 || moves > 0) {
      if (row.active === 1)
        await repo.updateRow(tx.db, 'products', tx.shopId, row.id, { active: 0, archived_at: nowIso(tx) });
      const item = await productDetail(tx, row.id);
      await journal(tx, { entity: 'product', id: row.id, action: 'archive', before, after: item });
      return {
        action: 'archived',
        id: row.id,
        warnings: [
          `${orders > 0 ? 'Recorded orders name' : 'Stock movements name'} this product: it was archived, not deleted. It can no longer be sold; {{change_product}} with archived: false brings it back.`,
        ],
        item,
      };
    }
    await repo.setSlots(tx.db, tx.shopId, row.id, []);
    await repo.deleteRow(tx.db, 'products', tx.shopId, row.id);
    await journal(tx, { entity: 'product', id: row.id, action: 'delete', before });
    return { action: 'deleted', id: row.id, warnings: [], item: null };
  });
}
