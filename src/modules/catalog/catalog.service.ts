/**
 * Catalog use cases: lists, search, and the resolution of products named by a model.
 */
import { namesInChunks } from '../../db/names.js';
import { nowIso, type Ctx } from '../shared/context.js';
import type { Page } from '../../db/pagination.js';
import { InputError, NotFoundError, WrongStateError } from '../../domain/errors.js';
import { fromCents } from '../../domain/money.js';
import { normalizeText } from '../../domain/text.js';
import * as repo from './catalog.repository.js';
import * as stockRepo from './catalog.stock.repository.js';
import type { CatalogPage, ProductRow } from './catalog.repository.js';
import type { ProductView } from './catalog.schemas.js';

export type { ProductRow } from './catalog.repository.js';

export const bpToPercent = (bp: number): number => bp / 100;

export interface VariationChoiceInfo {
  id: number;
  name: string;
  priceDelta: number; // cents
  groupId: number;
  groupName: string;
  unavailable: boolean;
}
export interface ProductForSale {
  row: ProductRow;
  groups: { id: number; name: string; choices: VariationChoiceInfo[] }[];
}

async function variationGroupsOf(ctx: Ctx, productIds: number[]) {
  const rows = await repo.variationChoicesOfProducts(ctx.db, ctx.shopId, productIds);
  const byProduct = new Map<number, ProductForSale['groups']>();
  for (const r of rows) {
    const groups = byProduct.get(r.product_id) ?? [];
    byProduct.set(r.product_id, groups);
    let g = groups.find((x) => x.id === r.group_id);
    if (!g) {
      g = { id: r.group_id, name: r.group_name, choices: [] };
      groups.push(g);
    }
    if (r.choice_id === null) continue;
    g.choices.push({
      id: r.choice_id,
      name: r.choice_name!,
      priceDelta: r.price_delta!,
      groupId: r.group_id,
      groupName: r.group_name,
      unavailable: r.unavailable === 1,
    });
  }
  return byProduct;
}

/** Products as the lists show them (management answers add their own fields). */
export async function toViews(ctx: Ctx, rows: ProductRow[]): Promise<ProductView[]> {
  const deptIds = [...new Set(rows.map((r) => r.department_id).filter((x): x is number => x !== null))];
  const depts = new Map(
    (await repo.departmentsByIds(ctx.db, ctx.shopId, deptIds)).map((d) => [d.id, d.name]),
  );
  const groups = await variationGroupsOf(
    ctx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    shortTitle: r.short_title,
    price: fromCents(r.price),
    vatTakeaway: bpToPercent(r.vat_takeaway_bp),
    vatEatIn: bpToPercent(r.vat_eat_in_bp),
    departmentId: r.department_id,
    department: r.department_id === null ? null : (depts.get(r.department_id) ?? null),
    barcode: r.barcode,
    stock: r.stock,
    stockAlert: r.stock_alert,
    variationGroups: (groups.get(r.id) ?? []).map((g) => ({
      id: g.id,
      name: g.name,
      choices: g.choices.map((c) => ({
        id: c.id,
        name: c.name,
        priceDelta: fromCents(c.priceDelta),
        unavailable: c.unavailable,
      })),
    })),
    archived: r.active !== 1,
  }));
}

/**
 * What a cached list of the catalog is checked against: the shop's catalog version, which every write
 * to the catalog's tables moves (the database does it, migration 011), on every node.
 */
export function catalogVersion(ctx: Pick<Ctx, 'db' | 'shopId'>): Promise<number> {
  return repo.catalogVersion(ctx.db, ctx.shopId);
}

export async function listProducts(ctx: Ctx, page: CatalogPage): Promise<Page<ProductView>> {
  const p = await repo.pageProducts(ctx.db, ctx.shopId, page);
  return { ...p, items: await toViews(ctx, p.items) };
}

const looksLikeBarcode = (q: string) => /^\d{6,14}$/.test(q.trim());

/** Words of a name, plus a singular form: "cafés" finds "Café". */
function searchWords(query: string): string[][] {
  const words = normalizeText(query).split(' ').filter(Boolean);
  const singular = words.map((w) => (w.length > 3 && /[sx]$/.test(w) ? w.slice(0, -1) : w));
  return singular.join(' ') === words.join(' ') ? [words] : [words, singular];
}

async function findByWords(ctx: Ctx, query: string, limit: number, archived = false): Promise<ProductRow[]> {
  for (const words of searchWords(query)) {
    if (words.length === 0) return [];
    const rows = await repo.productsMatchingWords(ctx.db, ctx.shopId, words, limit, archived);
    if (rows.length > 0) return rows;
  }
  return [];
}

export async function searchProducts(ctx: Ctx, query: string, limit: number, includeArchived = false) {
  const rows = looksLikeBarcode(query)
    ? await repo.productsByBarcode(ctx.db, ctx.shopId, query.trim(), includeArchived)
    : [
        ...(await findByWords(ctx, query, limit)),
        ...(includeArchived ? await findByWords(ctx, query, limit, true) : []),
      ].slice(0, limit);
  return { query, count: rows.length, items: await toViews(ctx, rows) };
}

const archivedProduct = (field: string, p: ProductRow) =>
  new WrongStateError(
    field,
    `Product ${p.id} "${p.title}" was archived: it cannot be sold. Choose another product, or bring it back with {{change_product}} (archived: false).`,
  );

/**
 * The one product a name designates: an exact (normalized) title or short title wins; otherwise the
 * only product whose name holds every word. Several candidates or none: an InputError the model can act on.
 */
export async function resolveProductByName(ctx: Ctx, name: string, field: string): Promise<ProductRow> {
  const wanted = searchWords(name).map((words) => words.join(' ')); // as written, and in the singular
  const candidates = await findByWords(ctx, name, 50);
  const exact = candidates.filter(
    (p) => wanted.includes(normalizeText(p.title)) || wanted.includes(normalizeText(p.short_title)),
  );
  if (exact.length === 1 && exact[0]) return exact[0];
  const pool = exact.length > 1 ? exact : candidates;
  if (pool.length === 1 && pool[0]) return pool[0];
  if (pool.length === 0) {
    const gone = (await findByWords(ctx, name, 50, true)).find(
      (p) => wanted.includes(normalizeText(p.title)) || wanted.includes(normalizeText(p.short_title)),
    );
    if (gone) throw archivedProduct(field, gone);
    throw new NotFoundError(
      field,
      `No product is named "${name}". Call {{search}} with a word of the name to find the product, then pass its productId.`,
    );
  }
  const list = pool
    .slice(0, 10)
    .map((p) => `${p.id} "${p.title}" (${fromCents(p.price).toFixed(2)})`)
    .join('; ');
  throw new InputError(
    field,
    `"${name}" matches ${pool.length} products: ${list}${pool.length > 10 ? '; …' : ''}. Ask the user which one they mean, then pass its productId (or its exact name).`,
    { candidates: pool.map((p) => ({ id: p.id, title: p.title, price: fromCents(p.price) })) },
  );
}

/**
 * Products with their variation groups (choices out for now left out), for pricing order lines. Unknown
 * ids are left out; an archived one is refused, naming `fields[i]` (the field of `ids[i]`) or `items`.
 */
export async function productsForSale(
  ctx: Ctx,
  ids: number[],
  fields: string[] = [],
): Promise<Map<number, ProductForSale>> {
  const unique = [...new Set(ids)];
  const rows = await repo.productsByIds(ctx.db, ctx.shopId, unique);
  const gone = rows.find((r) => r.active !== 1);
  if (gone) {
    const at = fields[ids.indexOf(gone.id)];
    throw archivedProduct(at === undefined ? 'items' : `${at}.productId`, gone);
  }
  const groups = await variationGroupsOf(
    ctx,
    rows.map((r) => r.id),
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        row: r,
        groups: (groups.get(r.id) ?? [])
          .map((g) => ({ ...g, choices: g.choices.filter((c) => !c.unavailable) }))
          .filter((g) => g.choices.length > 0),
      },
    ]),
  );
}

/** A department for a department line; an archived one is refused. */
export async function departmentForSale(ctx: Ctx, id: number, field = 'departmentId') {
  const [d] = await repo.departmentsByIds(ctx.db, ctx.shopId, [id]);
  if (d?.archived_at)
    throw new WrongStateError(
      field,
      `Department ${d.id} "${d.name}" was archived. Choose another one ({{list:departments}}), or bring it back with {{change_department}} (archived: false).`,
    );
  return d;
}

/** A discount by id; an archived one is refused. */
export async function findDiscount(ctx: Ctx, id: number) {
  const d = await repo.findDiscount(ctx.db, ctx.shopId, id);
  if (d?.archived_at)
    throw new WrongStateError(
      'discountId',
      `Discount ${d.id} "${d.name}" was archived. See {{list:discounts}} for the others.`,
    );
  return d;
}

/** Rows as the lists and the management answers show them. */
export const departmentView = (d: repo.DepartmentRow) => ({
  id: d.id,
  name: d.name,
  groupId: d.group_id,
  vat: bpToPercent(d.vat_bp),
  position: d.position,
  archived: d.archived_at !== null,
});
export const departmentGroupView = (g: repo.DepartmentGroupRow) => ({
  id: g.id,
  name: g.name,
  position: g.position,
  archived: g.archived_at !== null,
});
export const vatView = (v: repo.VatRow) => ({
  id: v.id,
  rate: bpToPercent(v.rate_bp),
  label: v.label,
  archived: v.archived_at !== null,
});
export const discountView = (d: repo.DiscountRow) => ({
  id: d.id,
  name: d.name,
  kind: d.kind === 'percent' ? ('percent' as const) : ('amount' as const),
  percent: d.kind === 'percent' ? bpToPercent(d.value) : null,
  amount: d.kind === 'amount' ? fromCents(d.value) : null,
  archived: d.archived_at !== null,
});

export async function listDepartments(ctx: Ctx, page: CatalogPage) {
  const p = await repo.pageDepartments(ctx.db, ctx.shopId, page);
  return { ...p, items: p.items.map(departmentView) };
}
export async function listDepartmentGroups(ctx: Ctx, page: CatalogPage) {
  const p = await repo.pageDepartmentGroups(ctx.db, ctx.shopId, page);
  return { ...p, items: p.items.map(departmentGroupView) };
}
export async function listVatRates(ctx: Ctx, page: CatalogPage) {
  const p = await repo.pageVatRates(ctx.db, ctx.shopId, page);
  return { ...p, items: p.items.map(vatView) };
}
export async function listDiscounts(ctx: Ctx, page: CatalogPage) {
  const p = await repo.pageDiscounts(ctx.db, ctx.shopId, page);
  return { ...p, items: p.items.map(discountView) };
}
/** Variation groups with their choices, as the lists and the management answers show them. */
export async function variationGroupViews(ctx: Ctx, groups: { id: number; name: string }[]) {
  const choices = await repo.choicesOfGroups(
    ctx.db,
    ctx.shopId,
    groups.map((g) => g.id),
  );
  return groups.map((g) => ({
    id: g.id,
    name: g.name,
    choices: choices
      .filter((c) => c.group_id === g.id)
      .map((c) => ({
        id: c.id,
        name: c.name,
        priceDelta: fromCents(c.price_delta),
        unavailable: c.unavailable === 1,
      })),
  }));
}
export async function listVariationGroups(ctx: Ctx, page: CatalogPage) {
  const p = await repo.pageVariationGroups(ctx.db, ctx.shopId, page);
  return { ...p, items: await variationGroupViews(ctx, p.items) };
}

/**
 * Takes sold units out of stock (tracked products only), records a 'sale' movement of order `orderId`
 * for each (who: ctx.actor), and returns a warning per product at or under its alert level. Runs under
 * the shop's row lock; the product rows are locked in id order.
 */
export async function takeFromStock(
  ctx: Ctx,
  sold: { productId: number; quantity: number }[],
  orderId: number,
): Promise<string[]> {
  const byProduct = new Map<number, number>();
  for (const s of sold) byProduct.set(s.productId, (byProduct.get(s.productId) ?? 0) + s.quantity);
  const at = nowIso(ctx);
  const movements: stockRepo.NewMovement[] = [];
  const warnings: string[] = [];
  for (const [id, q] of [...byProduct].sort(([a], [b]) => a - b)) {
    const left = await stockRepo.addToStock(ctx.db, ctx.shopId, id, -q);
    if (left === undefined) continue;
    movements.push({
      shop_id: ctx.shopId,
      product_id: id,
      kind: 'sale',
      quantity: -q,
      stock: left.stock,
      reason: null,
      order_id: orderId,
      actor: ctx.actor,
      at,
    });
    if (left.stockAlert !== null && left.stock <= left.stockAlert)
      warnings.push(`Stock of "${left.title}" is low: ${left.stock} left (alert level ${left.stockAlert}).`);
  }
  await stockRepo.insertMovements(ctx.db, movements);
  return warnings;
}

/** Product titles by id (for other modules: report labels, filter checks). */
export const productNames = (ctx: Ctx, ids: number[]) =>
  namesInChunks(ids, (chunk) => repo.productTitles(ctx.db, ctx.shopId, chunk));
export const departmentNames = (ctx: Ctx, ids: number[]) =>
  namesInChunks(ids, (chunk) => repo.departmentNames(ctx.db, ctx.shopId, chunk));
export const departmentGroupNames = (ctx: Ctx, ids: number[]) =>
  namesInChunks(ids, (chunk) => repo.departmentGroupNames(ctx.db, ctx.shopId, chunk));
