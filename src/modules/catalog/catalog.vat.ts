/**
 * VAT rates managed by the owner. A product or a department keeps its rate (basis points), and so does
 * every order line: a rate that anything names keeps its rate for ever (add a new rate and move the
 * products), and deleting one that an order names archives it.
 */
import * as z from 'zod';
import { once, journal } from '../audit/audit.service.js';
import { idFrom } from '../../domain/limits.js';
import { ConflictError, InputError, NotFoundError, WrongStateError } from '../../domain/errors.js';
import { nowIso, type Ctx } from '../shared/context.js';
import { ordersNaming } from '../shared/references.js';
import type { Change } from '../shared/manage.schemas.js';
import { currentShop, setDefaultVat } from '../shops/shops.service.js';
import * as repo from './catalog.manage.repository.js';
import type { vatAddInput, vatEditInput, VatView } from './catalog.manage.schemas.js';
import { bpToPercent, vatView as view } from './catalog.service.js';

type Result = Change<VatView>;

/** 5.5 → 550 basis points; a rate with more than two decimals or outside 0–100 is refused. */
export function rateToBp(rate: number, field: string): number {
  const bp = Math.round(rate * 100);
  if (rate < 0 || rate > 100 || Math.abs(bp - rate * 100) > 1e-6)
    throw new InputError(
      field,
      `${rate} is not a VAT rate: give a percentage from 0 to 100 with at most two decimals, e.g. 5.5.`,
    );
  return bp;
}

export async function requireVat(ctx: Ctx, idIn: number | string, field: string): Promise<repo.VatRow> {
  const id = idFrom(idIn);
  const row = id === undefined ? undefined : await repo.vatById(ctx.db, ctx.shopId, id);
  if (!row) throw new NotFoundError(field, `No VAT rate has id ${String(idIn)}. See {{list:vats}}.`);
  return row;
}

async function refuseDuplicate(ctx: Ctx, bp: number, exceptId?: number) {
  const same = await repo.vatByRate(ctx.db, ctx.shopId, bp);
  if (same && same.id !== exceptId)
    throw new ConflictError(
      'rate',
      `The shop already has a ${bpToPercent(bp)} % rate (id ${same.id}, "${same.label}"${same.archived_at ? ', archived' : ''}): use it${same.archived_at ? ' ({{change_vat}} with archived: false brings it back)' : ''}.`,
    );
}

/** The shop's default rate is never deleted nor archived: what names no rate takes it. */
function refuseDefault(row: repo.VatRow, field: string): never {
  throw new WrongStateError(
    field,
    `The ${bpToPercent(row.rate_bp)} % rate is the shop's default (the rate of a product or department given none): make another rate the default first ({{change_vat}} with default: true).`,
  );
}

/** Makes the rate of `bp` the shop's default, journaled as a change of the shop. */
async function makeDefault(tx: Ctx, bp: number): Promise<string[]> {
  const before = (await currentShop(tx)).defaultVatBp;
  if (before === bp) return [];
  await setDefaultVat(tx, bp);
  await journal(tx, {
    entity: 'shop',
    id: tx.shopId,
    action: 'edit',
    before: { defaultVat: bpToPercent(before) },
    after: { defaultVat: bpToPercent(bp) },
  });
  return [`${bpToPercent(bp)} % is now the shop's default VAT rate (it was ${bpToPercent(before)} %).`];
}

export function addVat(ctx: Ctx, input: z.infer<typeof vatAddInput>) {
  return once(ctx, 'add_vat', input, async (tx): Promise<Result> => {
    const bp = rateToBp(input.rate, 'rate');
    await refuseDuplicate(tx, bp);
    const id = await repo.insertVat(tx.db, { shop_id: tx.shopId, rate_bp: bp, label: input.title });
    const item = view((await repo.vatById(tx.db, tx.shopId, id))!);
    await journal(tx, { entity: 'vat_rate', id, action: 'add', after: item });
    const warnings = input.default ? await makeDefault(tx, bp) : [];
    return { action: 'added', id, warnings, item };
  });
}

export function editVat(ctx: Ctx, input: z.infer<typeof vatEditInput>) {
  return once(ctx, 'edit_vat', {}, async (tx): Promise<Result> => {
    const row = await requireVat(tx, input.id, 'id');
    const isDefault = (await currentShop(tx)).defaultVatBp === row.rate_bp;
    if (input.default === false && isDefault)
      throw new InputError(
        'default',
        `The ${bpToPercent(row.rate_bp)} % rate is the shop's default: make another rate the default ({{change_vat}} with default: true) instead.`,
      );
    if (input.archived === true && (isDefault || input.default === true)) refuseDefault(row, 'archived');
    if (input.default === true && row.archived_at !== null && input.archived !== false)
      throw new WrongStateError(
        'default',
        `The ${bpToPercent(row.rate_bp)} % rate is archived: pass archived: false with default: true to bring it back as the default.`,
      );
    const changes: { label?: string; rate_bp?: number; archived_at?: string | null } = {};
    if (input.title !== undefined) changes.label = input.title;
    if (input.archived !== undefined)
      changes.archived_at = input.archived ? (row.archived_at ?? nowIso(tx)) : null;
    if (input.rate !== undefined) {
      const bp = rateToBp(input.rate, 'rate');
      if (bp !== row.rate_bp) {
        const used =
          (await repo.catalogUsesOfRate(tx.db, tx.shopId, row.rate_bp)) +
          (await ordersNaming(tx, { kind: 'vat_rate', id: row.rate_bp }));
        if (used > 0)
          throw new WrongStateError(
            'rate',
            `The ${bpToPercent(row.rate_bp)} % rate is used by products, departments or recorded orders, so its rate cannot change: add a new rate with {{new_vat}} and move the products to it.`,
          );
        await refuseDuplicate(tx, bp, row.id);
        changes.rate_bp = bp;
      }
    }
    const before = view(row);
    await repo.updateVat(tx.db, tx.shopId, row.id, changes);
    const item = view((await repo.vatById(tx.db, tx.shopId, row.id))!);
    const same = JSON.stringify(before) === JSON.stringify(item);
    if (!same) await journal(tx, { entity: 'vat_rate', id: row.id, action: 'edit', before, after: item });
    // the default follows its rate when that changes (only while nothing uses it)
    const warnings =
      (input.default === true && !isDefault) || (isDefault && changes.rate_bp !== undefined)
        ? await makeDefault(tx, changes.rate_bp ?? row.rate_bp)
        : [];
    const action = same && warnings.length === 0 ? 'unchanged' : 'updated';
    return { action, id: row.id, warnings, item };
  });
}

export function deleteVat(ctx: Ctx, input: { id: number | string }) {
  return once(ctx, 'delete_vat', {}, async (tx): Promise<Result> => {
    const row = await requireVat(tx, input.id, 'id');
    if ((await currentShop(tx)).defaultVatBp === row.rate_bp) refuseDefault(row, 'id');
    const before = view(row);
    const inCatalog = await repo.catalogUsesOfRate(tx.db, tx.shopId, row.rate_bp);
    if (inCatalog > 0)
      throw new WrongStateError(
        'id',
        `The ${bpToPercent(row.rate_bp)} % rate is the rate of ${inCatalog} products or departments: move them to another rate ({{change_product}}, {{change_department}}) before deleting it.`,
      );
    if ((await ordersNaming(tx, { kind: 'vat_rate', id: row.rate_bp })) > 0) {
      if (row.archived_at === null)
        await repo.updateVat(tx.db, tx.shopId, row.id, { archived_at: nowIso(tx) });
      const item = view((await repo.vatById(tx.db, tx.shopId, row.id))!);
      await journal(tx, { entity: 'vat_rate', id: row.id, action: 'archive', before, after: item });
      return {
        action: 'archived',
        id: row.id,
        warnings: ['Recorded orders use this rate: it was archived, not deleted.'],
        item,
      };
    }
    await repo.deleteVat(tx.db, tx.shopId, row.id);
    await journal(tx, { entity: 'vat_rate', id: row.id, action: 'delete', before });
    return { action: 'deleted', id: row.id, warnings: [], item: null };
  });
}
