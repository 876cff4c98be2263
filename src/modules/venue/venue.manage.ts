/**
 * The venue's reference data managed by the owner — payment methods, tables, cashboxes, staff, delivery
 * zones, relay points, delivery people — through one add / edit / delete flow: the idempotency key and
 * the shop's lock (audit `once`), a duplicate name refused or warned about naming the row, an archived
 * row changed only while it is brought back, a row that recorded orders name archived instead of
 * deleted, and every change journaled.
 */
import { ConflictError, NotFoundError, WrongStateError } from '../../domain/errors.js';
import { normalizeText } from '../../domain/text.js';
import { journal, once } from '../audit/audit.service.js';
import { nowIso, type Ctx } from '../shared/context.js';
import type { Change } from '../shared/manage.schemas.js';
import { ordersNaming, type Referenced } from '../shared/references.js';
import * as repo from './venue.manage.repository.js';
import type { ManagedTable, NewRow, RowChange, RowOf } from './venue.manage.repository.js';

export interface Managed<T extends ManagedTable, V> {
  table: T;
  /** the journal's entity, and the idempotency operations' suffix */
  entity: string;
  /** in messages: "cashbox", "payment method" */
  what: string;
  /** the hints of its list and its edit tool */
  list: string;
  change: string;
  /** what the orders' history calls it; none: nothing recorded names it */
  ref?: Referenced;
  /** what a second row of the same name gets */
  sameName: 'refused' | 'warned' | 'allowed';
  /** the public id: the row's id, or a table's number */
  key: 'id' | 'number';
  view: (row: RowOf<T>) => V;
}

type Columns<T extends ManagedTable> = Omit<NewRow<T>, 'shop_id'>;

const publicId = <T extends ManagedTable>(spec: Managed<T, unknown>, row: RowOf<T>) =>
  spec.key === 'number' ? (row as RowOf<'dining_tables'>).number : row.id;

/** The row the public id names (archived ones included), or a not-found naming `field`. */
export async function managedRow<T extends ManagedTable, V>(
  ctx: Ctx,
  spec: Managed<T, V>,
  id: number | undefined,
  shown: unknown,
  field = 'id',
): Promise<RowOf<T>> {
  const row = id === undefined ? undefined : await repo.rowBy(ctx.db, spec.table, ctx.shopId, spec.key, id);
  if (!row)
    throw new NotFoundError(field, `No ${spec.what} has id ${String(shown)} in this shop. See ${spec.list}.`);
  return row;
}

/** A refusal or a warning when another row has this name (accents and case ignored). */
async function sameName<T extends ManagedTable>(
  ctx: Ctx,
  spec: Managed<T, unknown>,
  name: string | undefined,
  self?: number,
): Promise<string[]> {
  if (name === undefined || spec.sameName === 'allowed') return [];
  const wanted = normalizeText(name);
  const same = (await repo.namesOf(ctx.db, spec.table, ctx.shopId)).find(
    (r) => r.id !== self && normalizeText(r.name) === wanted,
  );
  if (!same) return [];
  const which = `${spec.what} ${same.id} ("${same.name}"${same.archived_at ? ', archived' : ''})`;
  if (spec.sameName === 'warned') return [`The ${which} has the same name: check it is not the same one.`];
  throw new ConflictError(
    'name',
    `The ${which} already has this name: use it${same.archived_at ? ` (${spec.change} with archived: false brings it back)` : ''}, or choose another name.`,
  );
}
const nameIn = (columns: object) =>
  'name' in columns && typeof columns.name === 'string' ? columns.name : undefined;

async function viewOf<T extends ManagedTable, V>(ctx: Ctx, spec: Managed<T, V>, id: number): Promise<V> {
  return spec.view((await repo.rowBy(ctx.db, spec.table, ctx.shopId, 'id', id))!);
}

/** Adds one row: `columns` checks the input and gives its columns (with warnings of its own). */
export function addManaged<T extends ManagedTable, V>(
  ctx: Ctx,
  spec: Managed<T, V>,
  input: { idempotencyKey?: string | undefined },
  columns: (tx: Ctx) => Promise<{ set: Columns<T>; warnings?: string[] }>,
) {
  return once(ctx, `add_${spec.entity}`, input, async (tx): Promise<Change<V>> => {
    const { set, warnings = [] } = await columns(tx);
    warnings.push(...(await sameName(tx, spec, nameIn(set))));
    const rowId = await repo.insertRow(tx.db, spec.table, {
      ...set,
      shop_id: tx.shopId,
    } as unknown as NewRow<T>);
    const row = (await repo.rowBy(tx.db, spec.table, tx.shopId, 'id', rowId))!;
    const id = publicId(spec, row);
    const item = spec.view(row);
    await journal(tx, { entity: spec.entity, id, action: 'add', after: item });
    return { action: 'added', id, warnings, item };
  });
}

/**
 * Edits one row: `columns` gives what changes (only the fields sent). An archived row is changed only
 * in the call that brings it back (archived: false).
 */
export function editManaged<T extends ManagedTable, V>(
  ctx: Ctx,
  spec: Managed<T, V>,
  input: { id: number | string; archived?: boolean | undefined },
  id: number | undefined,
  columns: (tx: Ctx, row: RowOf<T>) => Promise<{ set: RowChange<T>; warnings?: string[] }>,
) {
  return once(ctx, `edit_${spec.entity}`, {}, async (tx): Promise<Change<V>> => {
    const row = await managedRow(tx, spec, id, input.id);
    const { set, warnings = [] } = await columns(tx, row);
    for (const k of Object.keys(set) as (keyof typeof set)[]) if (set[k] === undefined) delete set[k];
    if (row.archived_at !== null && input.archived !== false && Object.keys(set).length > 0)
      throw new WrongStateError(
        'archived',
        `The ${spec.what} ${publicId(spec, row)} is archived: send archived: false with the changes to bring it back.`,
      );
    warnings.push(...(await sameName(tx, spec, nameIn(set), row.id)));
    if (input.archived !== undefined)
      Object.assign(set, { archived_at: input.archived ? (row.archived_at ?? nowIso(tx)) : null });
    const before = spec.view(row);
    await repo.updateRow(tx.db, spec.table, tx.shopId, row.id, set);
    const fresh = (await repo.rowBy(tx.db, spec.table, tx.shopId, 'id', row.id))!;
    const item = spec.view(fresh);
    const same = JSON.stringify(before) === JSON.stringify(item);
    const shownId = publicId(spec, fresh);
    if (!same) await journal(tx, { entity: spec.entity, id: shownId, action: 'edit', before, after: item });
    return { action: same ? 'unchanged' : 'updated', id: shownId, warnings, item };
  });
}

/** How many recorded orders name the row (0 for what history does not name). */
export const usesOf = <T extends ManagedTable>(ctx: Ctx, spec: Managed<T, unknown>, row: RowOf<T>) =>
  spec.ref === undefined ? Promise.resolve(0) : ordersNaming(ctx, { kind: spec.ref, id: row.id });

/** Deletes one row, or archives it when recorded orders name it. */
export function deleteManaged<T extends ManagedTable, V>(
  ctx: Ctx,
  spec: Managed<T, V>,
  input: { id: number | string },
  id: number | undefined,
) {
  return once(ctx, `delete_${spec.entity}`, {}, async (tx): Promise<Change<V>> => {
    const row = await managedRow(tx, spec, id, input.id);
    const shownId = publicId(spec, row);
    const before = spec.view(row);
    const orders = await usesOf(tx, spec, row);
    if (orders > 0) {
      if (row.archived_at === null)
        await repo.updateRow(tx.db, spec.table, tx.shopId, row.id, {
          archived_at: nowIso(tx),
        } as unknown as RowChange<T>);
      const item = await viewOf(tx, spec, row.id);
      await journal(tx, { entity: spec.entity, id: shownId, action: 'archive', before, after: item });
      return {
        action: 'archived',
        id: shownId,
        warnings: [`${orders} recorded orders name this ${spec.what}: it was archived, not deleted.`],
        item,
      };
    }
    await repo.deleteRow(tx.db, spec.table, tx.shopId, row.id);
    await journal(tx, { entity: spec.entity, id: shownId, action: 'delete', before });
    return { action: 'deleted', id: shownId, warnings: [], item: null };
  });
}
