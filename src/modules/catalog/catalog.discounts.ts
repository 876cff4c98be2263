/**
 * Discounts managed by the owner: a percent or an amount off. An order keeps a copy of its discount's
 * kind and value, so deleting one is safe for history; a discount that products name is refused (take
 * it off them first), or archive it (archived: true) to stop offering it.
 */
import type * as z from 'zod';
import { journal, once } from '../audit/audit.service.js';
import { InputError, NotFoundError, WrongStateError } from '../../domain/errors.js';
import { idFrom } from '../../domain/limits.js';
import { toCents } from '../../domain/money.js';
import { nowIso, type Ctx } from '../shared/context.js';
import type { Change } from '../shared/manage.schemas.js';
import * as repo from './catalog.manage.repository.js';
import type { discountAddInput, discountEditInput, DiscountView } from './catalog.manage.schemas.js';
import { discountView } from './catalog.service.js';
import { edited } from './catalog.resolve.js';
import { rateToBp } from './catalog.vat.js';

/** kind and value of `percent` | `amount` (exactly one when `required`). */
function kindOf(input: { percent?: number | undefined; amount?: number | undefined }, required: boolean) {
  if (input.percent !== undefined && input.amount !== undefined)
    throw new InputError('amount', 'Give either percent or amount, not both.');
  if (input.percent !== undefined) return { kind: 'percent', value: rateToBp(input.percent, 'percent') };
  if (input.amount !== undefined) return { kind: 'amount', value: toCents(input.amount, 'amount') };
  if (required) throw new InputError('percent', 'Give percent (e.g. 10) or amount (e.g. 2).');
  return {};
}

async function requireDiscount(tx: Ctx, idIn: number | string) {
  const id = idFrom(idIn);
  const row = id === undefined ? undefined : await repo.rowById(tx.db, 'discounts', tx.shopId, id);
  if (!row)
    throw new NotFoundError('id', `No discount has id ${String(idIn)}. See {{list:discounts}} for the ids.`);
  return row;
}
const view = async (tx: Ctx, id: number) =>
  discountView((await repo.rowById(tx.db, 'discounts', tx.shopId, id))!);

export function addDiscount(ctx: Ctx, input: z.infer<typeof discountAddInput>) {
  return once(ctx, 'add_discount', input, async (tx): Promise<Change<DiscountView>> => {
    const { kind, value } = kindOf(input, true) as { kind: string; value: number };
    const id = await repo.insertRow(tx.db, 'discounts', {
      shop_id: tx.shopId,
      name: input.title,
      kind,
      value,
    });
    const item = await view(tx, id);
    await journal(tx, { entity: 'discount', id, action: 'add', after: item });
    return { action: 'added', id, warnings: [], item };
  });
}

export function editDiscount(ctx: Ctx, input: z.infer<typeof discountEditInput>) {
  return once(ctx, 'edit_discount', {}, async (tx) => {
    const row = await requireDiscount(tx, input.id);
    if (row.archived_at !== null && input.archived !== false)
      throw new WrongStateError(
        'id',
        `The discount ${row.id} "${row.name}" is archived: pass archived: false to bring it back (with any other change).`,
      );
    await repo.updateRow(tx.db, 'discounts', tx.shopId, row.id, {
      ...(input.title !== undefined ? { name: input.title } : {}),
      ...kindOf(input, false),
      ...(input.archived !== undefined
        ? { archived_at: input.archived ? (row.archived_at ?? nowIso(tx)) : null }
        : {}),
    });
    return edited(tx, 'discount', row.id, discountView(row), await view(tx, row.id));
  });
}

export function deleteDiscount(ctx: Ctx, input: { id: number | string }) {
  return once(ctx, 'delete_discount', {}, async (tx): Promise<Change<DiscountView>> => {
    const row = await requireDiscount(tx, input.id);
    const products = await repo.productsWith(tx.db, tx.shopId, { discountId: row.id });
    if (products.length > 0)
      throw new WrongStateError(
        'id',
        `${products.length} products use "${row.name}" (${products
          .slice(0, 5)
          .map((p) => `${p.id} "${p.title}"`)
          .join(
            ', ',
          )}): take it off them with {{change_product}} (discountID: 0), or archive it with {{change_discount}} (archived: true).`,
      );
    const before = discountView(row);
    await repo.deleteRow(tx.db, 'discounts', tx.shopId, row.id);
    await journal(tx, { entity: 'discount', id: row.id, action: 'delete', before });
    return { action: 'deleted', id: row.id, warnings: [], item: null };
  });
}
