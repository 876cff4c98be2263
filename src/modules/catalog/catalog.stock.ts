/**
 * Stock managed by the owner: an adjustment (a delta with its reason), an inventory count (levels set,
 * each difference recorded), the movements of a product (sales, refunds, adjustments, counts: who, when,
 * which order) and what is running low. Every level change writes a movement with the level after it;
 * the owner's changes (and a refund's restock) are journaled too. Writes run under the shop's row lock
 * (`once`), then lock the product rows, the order every sale follows (docs/ARCHITECTURE.md, "Locks").
 */
import { journal, once } from '../audit/audit.service.js';
import { InputError, NotFoundError, WrongStateError } from '../../domain/errors.js';
import { idFrom } from '../../domain/limits.js';
import { nowIso, type Ctx } from '../shared/context.js';
import type { PageRequest } from '../../db/pagination.js';
import * as repo from './catalog.repository.js';
import * as stockRepo from './catalog.stock.repository.js';
import type {
  StockAdjustInput,
  StockCountInput,
  StockMovementView,
  StockMovementsInput,
} from './catalog.stock.schemas.js';
import { resolveProductByName, type ProductRow } from './catalog.service.js';

interface ProductRef {
  productId?: number | string | undefined;
  productName?: string | undefined;
}

/** The product an entry names, by id or by name (never both: they could name two products). */
async function productOf(ctx: Ctx, ref: ProductRef, at: string): Promise<{ row: ProductRow; field: string }> {
  const field = (f: string) => (at ? `${at}.${f}` : f);
  if (ref.productId !== undefined && ref.productName !== undefined)
    throw new InputError(
      field('productName'),
      'Give productId or productName, not both: they could name two products.',
    );
  if (ref.productId !== undefined) {
    const id = idFrom(ref.productId);
    const [row] = id === undefined ? [] : await repo.productsByIds(ctx.db, ctx.shopId, [id]);
    if (!row)
      throw new NotFoundError(
        field('productId'),
        `No product has id ${String(ref.productId)} in this shop. Call {{search}} or {{list:products}} for the ids.`,
      );
    return { row, field: field('productId') };
  }
  if (ref.productName !== undefined && ref.productName.trim() !== '')
    return {
      row: await resolveProductByName(ctx, ref.productName, field('productName')),
      field: field('productName'),
    };
  throw new InputError(field('productId'), 'Name the product: give productId (or productName).');
}

/** A product whose stock the owner may move: tracked, not archived. */
function tracked(row: ProductRow, field: string): number {
  if (row.archived_at !== null)
    throw new WrongStateError(
      field,
      `"${row.title}" is archived: bring it back with {{change_product}} (archived: false) before moving its stock.`,
    );
  if (row.stock === null)
    throw new WrongStateError(
      field,
      `"${row.title}" has no stock tracking: turn it on with {{change_product}} and stock (the units on hand now), then move it.`,
    );
  return row.stock;
}

function levelWarnings(title: string, stock: number, alert: number | null): string[] {
  if (stock < 0)
    return [
      `Stock of "${title}" is now ${stock}, below zero: count it with {{count_stock}} to put it right.`,
    ];
  if (stock === 0) return [`"${title}" is out of stock.`];
  if (alert !== null && stock <= alert)
    return [`Stock of "${title}" is low: ${stock} left (alert level ${alert}).`];
  return [];
}

const reasonText = (reason: string | null | undefined, note: string | undefined) =>
  reason ? (note ? `${reason}: ${note}` : reason) : (note ?? null);

export function adjustStock(ctx: Ctx, input: StockAdjustInput) {
  return once(ctx, 'adjust_stock', input, async (tx) => {
    const { row, field } = await productOf(tx, input, '');
    const before = tracked(row, field);
    const stock = (await stockRepo.addToStock(tx.db, tx.shopId, row.id, input.quantity))?.stock;
    if (stock === undefined) throw new Error(`product ${row.id} lost its stock tracking`);
    const at = nowIso(tx);
    const [movementId] = await stockRepo.insertMovements(tx.db, [
      {
        shop_id: tx.shopId,
        product_id: row.id,
        kind: 'adjustment',
        quantity: input.quantity,
        stock,
        reason: reasonText(input.reason, input.note),
        order_id: null,
        actor: tx.actor,
        at,
      },
    ]);
    await journal(tx, {
      entity: 'stock',
      id: row.id,
      action: 'stock',
      before: { stock: before },
      after: { stock, quantity: input.quantity, reason: input.reason, note: input.note ?? null },
    });
    return {
      productId: row.id,
      product: row.title,
      quantity: input.quantity,
      stock,
      stockAlert: row.stock_alert,
      movementId: movementId!,
      warnings: levelWarnings(row.title, stock, row.stock_alert),
    };
  });
}

export function countStock(ctx: Ctx, input: StockCountInput) {
  return once(ctx, 'count_stock', input, async (tx) => {
    const seen = new Map<number, number>();
    const counted: { row: ProductRow; before: number; counted: number }[] = [];
    for (const [i, item] of input.items.entries()) {
      const { row, field } = await productOf(tx, item, `items[${i}]`);
      const first = seen.get(row.id);
      if (first !== undefined)
        throw new InputError(
          field,
          `"${row.title}" is already counted in items[${first}]: name each product once, with its whole count.`,
        );
      seen.set(row.id, i);
      counted.push({ row, before: tracked(row, field), counted: item.counted });
    }
    // product rows locked in id order, like every writer of several stock rows
    const ordered = [...counted].sort((a, b) => a.row.id - b.row.id);
    const at = nowIso(tx);
    for (const c of ordered) await stockRepo.setStock(tx.db, tx.shopId, c.row.id, c.counted);
    await stockRepo.insertMovements(
      tx.db,
      ordered.map((c) => ({
        shop_id: tx.shopId,
        product_id: c.row.id,
        kind: 'count',
        quantity: c.counted - c.before,
        stock: c.counted,
        reason: input.note ?? null,
        order_id: null,
        actor: tx.actor,
        at,
      })),
    );
    for (const c of ordered)
      await journal(tx, {
        entity: 'stock',
        id: c.row.id,
        action: 'stock',
        before: { stock: c.before },
        after: { stock: c.counted, counted: true, note: input.note ?? null },
      });
    return {
      items: counted.map((c) => ({
        productId: c.row.id,
        product: c.row.title,
        before: c.before,
        counted: c.counted,
        difference: c.counted - c.before,
      })),
      changed: counted.filter((c) => c.counted !== c.before).length,
      warnings: counted.flatMap((c) => levelWarnings(c.row.title, c.counted, c.row.stock_alert)),
    };
  });
}

/**
 * Records the movements of a sale or a refund (the stock rows already moved by the caller): kind,
 * the order, who. In the caller's transaction.
 */
export async function recordOrderMovements(
  ctx: Ctx,
  kind: 'sale' | 'refund',
  orderId: number,
  moved: { productId: number; quantity: number; stock: number }[],
): Promise<void> {
  const at = nowIso(ctx);
  await stockRepo.insertMovements(
    ctx.db,
    moved.map((m) => ({
      shop_id: ctx.shopId,
      product_id: m.productId,
      kind,
      quantity: m.quantity,
      stock: m.stock,
      reason: null,
      order_id: orderId,
      actor: ctx.actor,
      at,
    })),
  );
}

/**
 * Puts refunded units back in stock (tracked products only), recorded as movements of the credit note
 * and journaled. Runs in the refund's transaction, after the shop's row lock (the numbering).
 */
export async function putBackInStock(
  ctx: Ctx,
  returned: { productId: number; quantity: number }[],
  creditNoteId: number,
): Promise<void> {
  const byProduct = new Map<number, number>();
  for (const r of returned) byProduct.set(r.productId, (byProduct.get(r.productId) ?? 0) + r.quantity);
  const moved: { productId: number; quantity: number; stock: number }[] = [];
  for (const [productId, q] of [...byProduct].sort(([a], [b]) => a - b)) {
    if (q === 0) continue;
    const stock = (await stockRepo.addToStock(ctx.db, ctx.shopId, productId, q))?.stock;
    if (stock !== undefined) moved.push({ productId, quantity: q, stock });
  }
  await recordOrderMovements(ctx, 'refund', creditNoteId, moved);
  for (const m of moved)
    await journal(ctx, {
      entity: 'stock',
      id: m.productId,
      action: 'stock',
      before: { stock: m.stock - m.quantity },
      after: { stock: m.stock, quantity: m.quantity, orderId: creditNoteId },
    });
}

function instant(value: string | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  const year = d.getUTCFullYear();
  if (Number.isNaN(d.getTime()) || year < 1900 || year > 9998)
    throw new InputError(
      field,
      `"${value}" is not an instant: use ISO 8601, e.g. 2026-11-21 or 2026-11-21T18:15:00Z.`,
    );
  return d.toISOString();
}

function movementView(r: stockRepo.MovementRow, titles: Map<number, string>): StockMovementView {
  const adjustment = r.kind === 'adjustment' && r.reason !== null;
  const split = adjustment ? /^([a-z]+)(?:: ([\s\S]*))?$/.exec(r.reason!) : null;
  return {
    id: r.id,
    productId: r.product_id,
    product: titles.get(r.product_id) ?? '',
    kind: r.kind as StockMovementView['kind'],
    reason: split ? split[1]! : null,
    note: split ? (split[2] ?? null) : r.reason,
    quantity: r.quantity,
    stock: r.stock,
    orderId: r.order_id,
    actor: r.actor,
    at: r.at,
  };
}

export async function listMovements(ctx: Ctx, input: StockMovementsInput, page: PageRequest) {
  const product =
    input.productId !== undefined || input.productName !== undefined
      ? (await productOf(ctx, input, '')).row
      : undefined;
  const p = await stockRepo.pageMovements(ctx.db, ctx.shopId, page, {
    productId: product?.id,
    kind: input.kind,
    since: instant(input.since, 'since'),
    until: instant(input.until, 'until'),
  });
  const ids = [...new Set(p.items.map((m) => m.product_id))];
  const titles = new Map((await repo.productsByIds(ctx.db, ctx.shopId, ids)).map((r) => [r.id, r.title]));
  return { ...p, items: p.items.map((m) => movementView(m, titles)) };
}

export async function lowStock(ctx: Ctx, page: PageRequest) {
  const p = await stockRepo.pageLowStock(ctx.db, ctx.shopId, page);
  return {
    ...p,
    items: p.items.map((r) => ({
      id: r.id,
      title: r.title,
      stock: r.stock!,
      stockAlert: r.stock_alert,
      status: r.stock! <= 0 ? ('out' as const) : ('low' as const),
    })),
  };
}
