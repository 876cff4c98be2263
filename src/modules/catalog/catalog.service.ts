/**
 * Catalog use cases: lists, search, and the resolution of products named by a model.
 */
import { namesInChunks } from '../../db/names.js';
import { nowIso, type Ctx } from '../shared/context.js';
import type { Page, PageRequest } from '../../db/pagination.js';
import { InputError, NotFoundError } from '../../domain/errors.js';
import { fromCents } from '../../domain/money.js';
import { normalizeText } from '../../domain/text.js';
import * as repo from './catalog.repository.js';
import * as stockRepo from './catalog.stock.repository.js';
import type { ProductRow } from './catalog.repository.js';
import type { ProductView } from './catalog.schemas.js';

export type { ProductRow } from './catalog.repository.js';

export const bpToPercent = (bp: number): number => bp / 100;

export interface VariationChoiceInfo {
  id: number;
  name: string;
  priceDelta: number; // cents
  groupId: number;
  groupName: string;
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
    let g = groups.find((x) => x.id === r.group_id);
    if (!g) {
      g = { id: r.group_id, name: r.group_name, choices: [] };
      groups.push(g);
    }
    g.choices.push({
      id: r.choice_id,
      name: r.choice_name,
      priceDelta: r.price_delta,
      groupId: r.group_id,
      groupName: r.group_name,
    });
    byProduct.set(r.product_id, groups);
  }
  return byProduct;
}

async function toViews(ctx: Ctx, rows: ProductRow[]): Promise<ProductView[]> {
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
      choices: g.choices.map((c) => ({ id: c.id, name: c.name, priceDelta: fromCents(c.priceDelta) })),
    })),
  }));
}

export async function listProducts(ctx: Ctx, page: PageRequest): Promise<Page<ProductView>> {
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

async function findByWords(ctx: Ctx, query: string, limit: number): Promise<ProductRow[]> {
  for (const words of searchWords(query)) {
    if (words.length === 0) return [];
    const rows = await repo.productsMatchingWords(ctx.db, ctx.shopId, words, limit);
    if (rows.length > 0) return rows;
  }
  return [];
}

export async function searchProducts(ctx: Ctx, query: string, limit: number) {
  const rows = looksLikeBarcode(query)
    ? await repo.productsByBarcode(ctx.db, ctx.shopId, query.trim())
    : await findByWords(ctx, query, limit);
  return { query, count: rows.length, items: await toViews(ctx, rows) };
}

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

/** Products with their variation groups, for pricing order lines. Unknown ids are left out. */
export async function productsForSale(ctx: Ctx, ids: number[]): Promise<Map<number, ProductForSale>> {
  const unique = [...new Set(ids)];
  const rows = await repo.productsByIds(ctx.db, ctx.shopId, unique);
  const groups = await variationGroupsOf(
    ctx,
    rows.map((r) => r.id),
  );
  return new Map(rows.map((r) => [r.id, { row: r, groups: groups.get(r.id) ?? [] }]));
}

export async function departmentForSale(ctx: Ctx, id: number) {
  const [d] = await repo.departmentsByIds(ctx.db, ctx.shopId, [id]);
  return d;
}

export async function findDiscount(ctx: Ctx, id: number) {
  return repo.findDiscount(ctx.db, ctx.shopId, id);
}

export async function listDepartments(ctx: Ctx, page: PageRequest) {
  const p = await repo.pageDepartments(ctx.db, ctx.shopId, page);
  return {
    ...p,
    items: p.items.map((d) => ({ id: d.id, name: d.name, groupId: d.group_id, vat: bpToPercent(d.vat_bp) })),
  };
}
export async function listDepartmentGroups(ctx: Ctx, page: PageRequest) {
  const p = await repo.pageDepartmentGroups(ctx.db, ctx.shopId, page);
  return { ...p, items: p.items.map((g) => ({ id: g.id, name: g.name })) };
}
export async function listVatRates(ctx: Ctx, page: PageRequest) {
  const p = await repo.pageVatRates(ctx.db, ctx.shopId, page);
  return { ...p, items: p.items.map((v) => ({ id: v.id, rate: bpToPercent(v.rate_bp), label: v.label })) };
}
export async function listDiscounts(ctx: Ctx, page: PageRequest) {
  const p = await repo.pageDiscounts(ctx.db, ctx.shopId, page);
  return {
    ...p,
    items: p.items.map((d) => ({
      id: d.id,
      name: d.name,
      kind: d.kind === 'percent' ? ('percent' as const) : ('amount' as const),
      percent: d.kind === 'percent' ? bpToPercent(d.value) : null,
      amount: d.kind === 'amount' ? fromCents(d.value) : null,
    })),
  };
}
export async function listVariationGroups(ctx: Ctx, page: PageRequest) {
  const p = await repo.pageVariationGroups(ctx.db, ctx.shopId, page);
  const choices = await repo.choicesOfGroups(
    ctx.db,
    ctx.shopId,
    p.items.map((g) => g.id),
  );
  return {
    ...p,
    items: p.items.map((g) => ({
      id: g.id,
      name: g.name,
      choices: choices
        .filter((c) => c.group_id === g.id)
        .map((c) => ({ id: c.id, name: c.name, priceDelta: fromCents(c.price_delta) })),
    })),
  };
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
  for (const [id, q] of [...byProduct].sort(([a], [b]) => a - b)) {
    const stock = await repo.decrementStock(ctx.db, ctx.shopId, id, q);
    if (stock !== undefined)
      movements.push({
        shop_id: ctx.shopId,
        product_id: id,
        kind: 'sale',
        quantity: -q,
        stock,
        reason: null,
        order_id: orderId,
        actor: ctx.actor,
        at,
      });
  }
  if (movements.length === 0) return [];
  await stockRepo.insertMovements(ctx.db, movements);
  const rows = await repo.productsByIds(
    ctx.db,
    ctx.shopId,
    movements.map((m) => m.product_id),
  );
  return rows
    .filter((r) => r.stock !== null && r.stock_alert !== null && r.stock <= r.stock_alert)
    .map((r) => `Stock of "${r.title}" is low: ${r.stock} left (alert level ${r.stock_alert}).`);
}

/** Product titles by id (for other modules: report labels, filter checks). */
export const productNames = (ctx: Ctx, ids: number[]) =>
  namesInChunks(ids, (chunk) => repo.productTitles(ctx.db, ctx.shopId, chunk));
export const departmentNames = (ctx: Ctx, ids: number[]) =>
  namesInChunks(ids, (chunk) => repo.departmentNames(ctx.db, ctx.shopId, chunk));
export const departmentGroupNames = (ctx: Ctx, ids: number[]) =>
  namesInChunks(ids, (chunk) => repo.departmentGroupNames(ctx.db, ctx.shopId, chunk));
