/**
 * Departments and department groups managed by the owner. A department's VAT is the default of the
 * products put in it (given, else the shop's default rate); changing it changes neither its products
 * nor any recorded order (order lines keep their rate). A department with live products in it cannot
 * be deleted (move or delete them first); one that orders or archived products name is archived.
 */
import type * as z from 'zod';
import { journal, once } from '../audit/audit.service.js';
import { InputError, NotFoundError, WrongStateError } from '../../domain/errors.js';
import { idFrom } from '../../domain/limits.js';
import { nowIso, type Ctx } from '../shared/context.js';
import type { Change } from '../shared/manage.schemas.js';
import { ordersNaming } from '../shared/references.js';
import * as repo from './catalog.manage.repository.js';
import type {
  deptAddInput,
  deptEditInput,
  deptGroupAddInput,
  deptGroupEditInput,
  DepartmentGroupView,
  DepartmentView,
} from './catalog.manage.schemas.js';
import { bpToPercent, departmentGroupView, departmentView } from './catalog.service.js';
import {
  edited,
  isNone,
  refuseSameName,
  resolveDepartmentGroup,
  resolveVat,
  shopDefaultVat,
} from './catalog.resolve.js';

async function requireRow<T extends 'departments' | 'department_groups'>(
  tx: Ctx,
  table: T,
  idIn: number | string,
  what: string,
  list: string,
) {
  const id = idFrom(idIn);
  const row = id === undefined ? undefined : await repo.rowById(tx.db, table, tx.shopId, id);
  if (!row) throw new NotFoundError('id', `No ${what} has id ${String(idIn)}. See ${list} for the ids.`);
  return row;
}
const requireDepartment = (tx: Ctx, id: number | string) =>
  requireRow(tx, 'departments', id, 'department', '{{list:departments}}');
const requireGroup = (tx: Ctx, id: number | string) =>
  requireRow(tx, 'department_groups', id, 'department group', '{{list:department_groups}}');

const refuseArchivedEdit = (
  row: { id: number; name: string; archived_at: string | null },
  what: string,
  archived: boolean | undefined,
) => {
  if (row.archived_at !== null && archived !== false)
    throw new WrongStateError(
      'id',
      `The ${what} ${row.id} "${row.name}" is archived: pass archived: false to bring it back (with any other change).`,
    );
};

/** The group named by `deptGroupID` | `deptGroup`: its id, null for "none" (0), undefined when not given. */
async function groupOf(
  tx: Ctx,
  input: { deptGroupID?: number | string | undefined; deptGroup?: string | undefined },
) {
  if (isNone(input.deptGroupID) && input.deptGroup === undefined) return null;
  const g = await resolveDepartmentGroup(tx, input.deptGroupID, input.deptGroup, {
    id: 'deptGroupID',
    name: 'deptGroup',
  });
  return g?.id;
}

/** The department's products (archived ones too); refused while live ones are in it. */
async function refuseLiveProducts(tx: Ctx, row: { id: number; name: string }) {
  const products = await repo.productsWith(tx.db, tx.shopId, { departmentId: row.id });
  const live = products.filter((p) => p.active === 1);
  if (live.length > 0) {
    const some = live.slice(0, 5).map((p) => `${p.id} "${p.title}"`);
    throw new WrongStateError(
      'id',
      `${live.length} products are in "${row.name}" (${some.join(', ')}${live.length > 5 ? ', …' : ''}): move them to another department with {{change_product}} (deptID) or delete them first.`,
    );
  }
  return products;
}

/** The name an edit gives a row: its new title, or its name when it is brought back from the archive. */
const renamedTo = (
  row: { name: string; archived_at: string | null },
  input: { title?: string | undefined; archived?: boolean | undefined },
) => input.title ?? (row.archived_at !== null && input.archived === false ? row.name : undefined);

const renamedField = (input: { title?: string | undefined }) =>
  input.title === undefined ? 'archived' : 'title';

// ---- departments ------------------------------------------------------------------------------------

export function addDepartment(ctx: Ctx, input: z.infer<typeof deptAddInput>) {
  return once(ctx, 'add_department', input, async (tx): Promise<Change<DepartmentView>> => {
    const warnings: string[] = [];
    let vat = await resolveVat(tx, input.vatID, input.vat, { id: 'vatID', rate: 'vat' });
    if (vat === undefined) {
      vat = await shopDefaultVat(tx);
      if (vat === undefined)
        throw new InputError(
          'vat',
          'Give the VAT rate of the department (vat, in %, or vatID from {{list:vats}}).',
        );
      warnings.push(`No VAT rate given: the shop's default ${bpToPercent(vat)} % applies.`);
    }
    await refuseSameName(tx, 'departments', input.title);
    const groupId = await groupOf(tx, input);
    const id = await repo.insertRow(tx.db, 'departments', {
      shop_id: tx.shopId,
      name: input.title,
      group_id: groupId ?? null,
      vat_bp: vat,
      ...(input.position !== undefined ? { position: input.position } : {}),
    });
    const item = departmentView((await repo.rowById(tx.db, 'departments', tx.shopId, id))!);
    await journal(tx, { entity: 'department', id, action: 'add', after: item });
    return { action: 'added', id, warnings, item };
  });
}

export function editDepartment(ctx: Ctx, input: z.infer<typeof deptEditInput>) {
  return once(ctx, 'edit_department', {}, async (tx) => {
    const row = await requireDepartment(tx, input.id);
    refuseArchivedEdit(row, 'department', input.archived);
    if (input.archived === true && row.archived_at === null) await refuseLiveProducts(tx, row);
    await refuseSameName(tx, 'departments', renamedTo(row, input), row.id, renamedField(input));
    const vat = await resolveVat(tx, input.vatID, input.vat, { id: 'vatID', rate: 'vat' });
    const groupId = await groupOf(tx, input);
    // The reports count a line's department in the department's group: a department that sold keeps its group.
    if (
      groupId !== undefined &&
      groupId !== row.group_id &&
      (await ordersNaming(tx, { kind: 'department', id: row.id })) > 0
    )
      throw new WrongStateError(
        'deptGroupID',
        `"${row.name}" has recorded sales, which the reports count in its group: its group cannot change. Add a department in the other group with {{new_department}} and move the products to it with {{change_product}}.`,
      );
    await repo.updateRow(tx.db, 'departments', tx.shopId, row.id, {
      ...(input.title !== undefined ? { name: input.title } : {}),
      ...(vat !== undefined ? { vat_bp: vat } : {}),
      ...(groupId !== undefined ? { group_id: groupId } : {}),
      ...(input.position !== undefined ? { position: input.position } : {}),
      ...(input.archived !== undefined
        ? { archived_at: input.archived ? (row.archived_at ?? nowIso(tx)) : null }
        : {}),
    });
    const item = departmentView((await repo.rowById(tx.db, 'departments', tx.shopId, row.id))!);
    const warnings =
      vat !== undefined && vat !== row.vat_bp
        ? [
            'The products of this department keep their own VAT rates: change them with {{change_product}} if needed.',
          ]
        : [];
    return edited(tx, 'department', row.id, departmentView(row), item, warnings);
  });
}

export function deleteDepartment(ctx: Ctx, input: { id: number | string }) {
  return once(ctx, 'delete_department', {}, async (tx): Promise<Change<DepartmentView>> => {
    const row = await requireDepartment(tx, input.id);
    const before = departmentView(row);
    const products = await refuseLiveProducts(tx, row);
    if (products.length > 0 || (await ordersNaming(tx, { kind: 'department', id: row.id })) > 0) {
      if (row.archived_at === null)
        await repo.updateRow(tx.db, 'departments', tx.shopId, row.id, { archived_at: nowIso(tx) });
      const item = departmentView((await repo.rowById(tx.db, 'departments', tx.shopId, row.id))!);
      await journal(tx, { entity: 'department', id: row.id, action: 'archive', before, after: item });
      return {
        action: 'archived',
        id: row.id,
        warnings: [
          'Recorded orders or archived products name this department: it was archived, not deleted.',
        ],
        item,
      };
    }
    await repo.deleteRow(tx.db, 'departments', tx.shopId, row.id);
    await journal(tx, { entity: 'department', id: row.id, action: 'delete', before });
    return { action: 'deleted', id: row.id, warnings: [], item: null };
  });
}

// ---- department groups ------------------------------------------------------------------------------

export function addDepartmentGroup(ctx: Ctx, input: z.infer<typeof deptGroupAddInput>) {
  return once(ctx, 'add_department_group', input, async (tx): Promise<Change<DepartmentGroupView>> => {
    await refuseSameName(tx, 'department_groups', input.title);
    const id = await repo.insertRow(tx.db, 'department_groups', {
      shop_id: tx.shopId,
      name: input.title,
      ...(input.position !== undefined ? { position: input.position } : {}),
    });
    const item = departmentGroupView((await repo.rowById(tx.db, 'department_groups', tx.shopId, id))!);
    await journal(tx, { entity: 'department_group', id, action: 'add', after: item });
    return { action: 'added', id, warnings: [], item };
  });
}

export function editDepartmentGroup(ctx: Ctx, input: z.infer<typeof deptGroupEditInput>) {
  return once(ctx, 'edit_department_group', {}, async (tx) => {
    const row = await requireGroup(tx, input.id);
    refuseArchivedEdit(row, 'department group', input.archived);
    await refuseSameName(tx, 'department_groups', renamedTo(row, input), row.id, renamedField(input));
    await repo.updateRow(tx.db, 'department_groups', tx.shopId, row.id, {
      ...(input.title !== undefined ? { name: input.title } : {}),
      ...(input.position !== undefined ? { position: input.position } : {}),
      ...(input.archived !== undefined
        ? { archived_at: input.archived ? (row.archived_at ?? nowIso(tx)) : null }
        : {}),
    });
    const item = departmentGroupView((await repo.rowById(tx.db, 'department_groups', tx.shopId, row.id))!);
    return edited(tx, 'department_group', row.id, departmentGroupView(row), item);
  });
}

/**
 * A group with live departments is refused (move them first); one that only archived departments name
 * is archived (the reports of their orders still group by it); an unused one is deleted.
 */
export function deleteDepartmentGroup(ctx: Ctx, input: { id: number | string }) {
  return once(ctx, 'delete_department_group', {}, async (tx): Promise<Change<DepartmentGroupView>> => {
    const row = await requireGroup(tx, input.id);
    const before = departmentGroupView(row);
    const depts = await repo.departmentsOfGroup(tx.db, tx.shopId, row.id);
    const live = depts.filter((d) => d.archived_at === null);
    if (live.length > 0)
      throw new WrongStateError(
        'id',
        `${live.length} departments are in "${row.name}" (${live
          .slice(0, 5)
          .map((d) => `${d.id} "${d.name}"`)
          .join(', ')}): move them with {{change_department}} (deptGroupID) first.`,
      );
    if (depts.length > 0) {
      if (row.archived_at === null)
        await repo.updateRow(tx.db, 'department_groups', tx.shopId, row.id, { archived_at: nowIso(tx) });
      const item = departmentGroupView((await repo.rowById(tx.db, 'department_groups', tx.shopId, row.id))!);
      await journal(tx, { entity: 'department_group', id: row.id, action: 'archive', before, after: item });
      return {
        action: 'archived',
        id: row.id,
        warnings: ['Archived departments belong to this group: it was archived, not deleted.'],
        item,
      };
    }
    await repo.deleteRow(tx.db, 'department_groups', tx.shopId, row.id);
    await journal(tx, { entity: 'department_group', id: row.id, action: 'delete', before });
    return { action: 'deleted', id: row.id, warnings: [], item: null };
  });
}
