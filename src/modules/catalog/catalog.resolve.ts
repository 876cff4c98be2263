/**
 * What a model names in a management call, resolved on the server: a department, a department group or
 * a variation group by id or by name (accents and case ignored), a VAT rate by id or by rate. Unknown:
 * a NotFoundError naming the field and the list to call; several candidates: an InputError listing them.
 * And the importer's "match it, else create it" for departments and VAT rates.
 */
import { journal } from '../audit/audit.service.js';
import { idFrom } from '../../domain/limits.js';
import { ConflictError, InputError, NotFoundError, WrongStateError } from '../../domain/errors.js';
import { normalizeText } from '../../domain/text.js';
import type { Ctx } from '../shared/context.js';
import type { Change } from '../shared/manage.schemas.js';
import { currentShop } from '../shops/shops.service.js';
import * as repo from './catalog.manage.repository.js';
import type { DepartmentRow } from './catalog.repository.js';
import { bpToPercent, departmentView, vatView } from './catalog.service.js';
import { rateToBp } from './catalog.vat.js';

/** `lines[3].price` for prefix `lines[3]` and name `price`; just `price` without a prefix. */
export const at = (prefix: string, name: string) => (prefix ? `${prefix}.${name}` : name);

/** The journal entry and the answer of an edit: `unchanged` when the view did not change. */
export async function edited<T>(
  tx: Ctx,
  entity: string,
  id: number,
  before: T,
  item: T,
  warnings: string[] = [],
): Promise<Change<T>> {
  const same = JSON.stringify(before) === JSON.stringify(item);
  if (!same) await journal(tx, { entity, id, action: 'edit', before, after: item });
  return { action: same ? 'unchanged' : 'updated', id, warnings, item };
}

interface Named {
  id: number;
  name: string;
  archived_at: string | null;
}
interface Kind {
  what: string; // "department"
  list: string; // "{{list:departments}}"
  restore: string; // "{{change_department}}"
  add: string; // "{{new_department}}"
}
const KINDS = {
  department: {
    what: 'department',
    list: '{{list:departments}}',
    restore: '{{change_department}}',
    add: '{{new_department}}',
  },
  department_group: {
    what: 'department group',
    list: '{{list:department_groups}}',
    restore: '{{change_department_group}}',
    add: '{{new_department_group}}',
  },
  variation_group: {
    what: 'variation group',
    list: '{{list:variations}}',
    restore: '{{list:variations}}',
    add: '{{new_variation}}',
  },
} satisfies Record<string, Kind>;

function archivedError(kind: Kind, row: Named, field: string) {
  return new WrongStateError(
    field,
    `The ${kind.what} ${row.id} "${row.name}" is archived: choose another one (${kind.list}), or bring it back with ${kind.restore} (archived: false).`,
  );
}

/**
 * The one row a name designates: its exact name among live rows, accents and case ignored (when two
 * differ only by accents, "Taille" and "Taillé", the one written exactly that way wins). A name that
 * is only part of others ("Boissons" for "Boissons chaudes") designates none: the error lists them,
 * since taking one would silently pick its VAT rate.
 */
export function pickByName<R extends Named>(rows: R[], name: string, field: string, kind: Kind): R {
  const wanted = normalizeText(name);
  const live = rows.filter((r) => r.archived_at === null);
  const exact = live.filter((r) => normalizeText(r.name) === wanted);
  const verbatim = exact.filter((r) => r.name.trim().toLowerCase() === name.trim().toLowerCase());
  if (exact.length === 1) return exact[0]!;
  if (verbatim.length === 1) return verbatim[0]!;
  const words = wanted.split(' ').filter(Boolean);
  const near =
    exact.length > 0 ? exact : live.filter((r) => words.every((w) => normalizeText(r.name).includes(w)));
  const list = near
    .slice(0, 10)
    .map((r) => `${r.id} "${r.name}"`)
    .join('; ');
  const more = near.length > 10 ? '; …' : '';
  if (exact.length > 1)
    throw new InputError(
      field,
      `"${name}" matches ${exact.length} ${kind.what}s: ${list}${more}. Pass the id of the one meant.`,
      { candidates: exact.map((r) => ({ id: r.id, name: r.name })) },
    );
  const gone = rows.find((r) => r.archived_at !== null && normalizeText(r.name) === wanted);
  if (gone) throw archivedError(kind, gone, field);
  if (near.length > 0)
    throw new NotFoundError(
      field,
      `No ${kind.what} is named exactly "${name}"; near names: ${list}${more}. Pass the full name or the id.`,
      { candidates: near.map((r) => ({ id: r.id, name: r.name })) },
    );
  throw new NotFoundError(
    field,
    `No ${kind.what} is named "${name}". See ${kind.list} for the names, or add it with ${kind.add}.`,
  );
}

/**
 * Refuses a second live department, department group or variation group of the same name (accents and
 * case ignored): a name must designate one row, or naming it would stop working. Runs under the
 * shop's lock (`once`), so twenty concurrent adds of one name make one row.
 */
export async function refuseSameName(
  tx: Ctx,
  table: 'departments' | 'department_groups' | 'variation_groups',
  name: string | undefined,
  self?: number,
  field = 'title',
) {
  if (name === undefined) return;
  const kind =
    KINDS[
      table === 'departments'
        ? 'department'
        : table === 'department_groups'
          ? 'department_group'
          : 'variation_group'
    ];
  const wanted = normalizeText(name);
  const same = (await repo.allRows(tx.db, table, tx.shopId)).find(
    (r) => r.id !== self && r.archived_at === null && normalizeText(r.name) === wanted,
  );
  if (same)
    throw new ConflictError(
      field,
      `The shop already has a ${kind.what} named "${same.name}" (id ${same.id}): use that one, or choose another name.`,
    );
}

/** A live row by id (`field` names it), or by name (`nameField`); `undefined` when neither is given. */
async function resolveRow<R extends Named>(
  load: (id: number) => Promise<R | undefined>,
  all: () => Promise<R[]>,
  kind: Kind,
  byId: { value: number | string | undefined; field: string },
  byName: { value: string | undefined; field: string },
): Promise<R | undefined> {
  if (byId.value !== undefined && byName.value !== undefined)
    throw new InputError(byName.field, `Give either ${byId.field} or ${byName.field}, not both.`);
  if (byName.value !== undefined) return pickByName(await all(), byName.value, byName.field, kind);
  if (byId.value === undefined) return undefined;
  const id = idFrom(byId.value);
  const row = id === undefined ? undefined : await load(id);
  if (!row)
    throw new NotFoundError(
      byId.field,
      `No ${kind.what} has id ${String(byId.value)}. See ${kind.list} for the ids.`,
    );
  if (row.archived_at !== null) throw archivedError(kind, row, byId.field);
  return row;
}

/** `0` (or "0") in an id field that allows it: "none". */
export const isNone = (v: number | string | undefined) =>
  v === 0 || (typeof v === 'string' && v.trim() === '0');

export function resolveDepartment(
  tx: Ctx,
  id: number | string | undefined,
  name: string | undefined,
  fields: { id: string; name: string },
): Promise<DepartmentRow | undefined> {
  return resolveRow(
    (i) => repo.rowById(tx.db, 'departments', tx.shopId, i),
    () => repo.allRows(tx.db, 'departments', tx.shopId),
    KINDS.department,
    { value: id, field: fields.id },
    { value: name, field: fields.name },
  );
}

export function resolveDepartmentGroup(
  tx: Ctx,
  id: number | string | undefined,
  name: string | undefined,
  fields: { id: string; name: string },
) {
  return resolveRow(
    (i) => repo.rowById(tx.db, 'department_groups', tx.shopId, i),
    () => repo.allRows(tx.db, 'department_groups', tx.shopId),
    KINDS.department_group,
    { value: id, field: fields.id },
    { value: name, field: fields.name },
  );
}

export function resolveVariationGroup(
  tx: Ctx,
  id: number | string | undefined,
  name: string | undefined,
  fields: { id: string; name: string },
) {
  return resolveRow(
    (i) => repo.rowById(tx.db, 'variation_groups', tx.shopId, i),
    () => repo.allRows(tx.db, 'variation_groups', tx.shopId),
    KINDS.variation_group,
    { value: id, field: fields.id },
    { value: name, field: fields.name },
  );
}

/** A live VAT rate by id or by rate (%): its basis points; `undefined` when neither is given. */
export async function resolveVat(
  tx: Ctx,
  id: number | string | undefined,
  rate: number | undefined,
  fields: { id: string; rate: string },
): Promise<number | undefined> {
  if (id !== undefined && rate !== undefined)
    throw new InputError(fields.rate, `Give either ${fields.id} or ${fields.rate}, not both.`);
  let row: repo.VatRow | undefined;
  let field = fields.id;
  if (rate !== undefined) {
    field = fields.rate;
    const bp = rateToBp(rate, field);
    row = await repo.vatByRate(tx.db, tx.shopId, bp);
    if (!row)
      throw new NotFoundError(
        field,
        `The shop has no ${bpToPercent(bp)} % VAT rate. See {{list:vats}} for its rates, or add it with {{new_vat}}.`,
      );
  } else if (id !== undefined) {
    const n = idFrom(id);
    row = n === undefined ? undefined : await repo.vatById(tx.db, tx.shopId, n);
    if (!row)
      throw new NotFoundError(field, `No VAT rate has id ${String(id)}. See {{list:vats}} for the ids.`);
  } else return undefined;
  if (row.archived_at !== null)
    throw new WrongStateError(
      field,
      `The ${bpToPercent(row.rate_bp)} % VAT rate (id ${row.id}) is archived: bring it back with {{change_vat}} (archived: false), or choose another rate.`,
    );
  return row.rate_bp;
}

/** The shop's default rate, when it is one of its live VAT rates. */
export async function shopDefaultVat(tx: Ctx): Promise<number | undefined> {
  const bp = (await currentShop(tx)).defaultVatBp;
  const row = await repo.vatByRate(tx.db, tx.shopId, bp);
  return row && row.archived_at === null ? bp : undefined;
}

/**
 * For the importer, in its transaction: the shop's VAT rate of `rateBp`, brought back if it was
 * archived, else created (journaled either way). Returns the rate's row.
 */
export async function findOrCreateVat(tx: Ctx, rateBp: number, field = ''): Promise<repo.VatRow> {
  rateToBp(rateBp / 100, at(field, 'vat'));
  const found = await repo.vatByRate(tx.db, tx.shopId, rateBp);
  if (found) {
    if (found.archived_at === null) return found;
    await repo.updateVat(tx.db, tx.shopId, found.id, { archived_at: null });
    const row = (await repo.vatById(tx.db, tx.shopId, found.id))!;
    await journal(tx, {
      entity: 'vat_rate',
      id: row.id,
      action: 'edit',
      before: vatView(found),
      after: vatView(row),
    });
    return row;
  }
  const id = await repo.insertVat(tx.db, {
    shop_id: tx.shopId,
    rate_bp: rateBp,
    label: `TVA ${String(bpToPercent(rateBp)).replace('.', ',')} %`,
  });
  const row = (await repo.vatById(tx.db, tx.shopId, id))!;
  await journal(tx, { entity: 'vat_rate', id, action: 'add', after: vatView(row) });
  return row;
}

/**
 * For the importer, in its transaction: the department named `name` (accents and case ignored; an
 * archived one is brought back), else a new one with the rate `vatBp` (default: the shop's default
 * rate), that rate found or created. Several departments of that name: an InputError listing them.
 */
export async function findOrCreateDepartment(
  tx: Ctx,
  name: string,
  vatBp: number | undefined,
  field = '',
): Promise<DepartmentRow> {
  const f = at(field, 'department');
  const title = name.trim();
  if (title === '') throw new InputError(f, 'A department name cannot be empty.');
  const wanted = normalizeText(title);
  const rows = (await repo.allRows(tx.db, 'departments', tx.shopId)).filter(
    (d) => normalizeText(d.name) === wanted,
  );
  const live = rows.filter((d) => d.archived_at === null);
  if (live.length > 0) return pickByName(live, title, f, KINDS.department); // the verbatim one, else the candidates
  const gone = rows[0];
  if (gone) {
    await repo.updateRow(tx.db, 'departments', tx.shopId, gone.id, { archived_at: null });
    const row = (await repo.rowById(tx.db, 'departments', tx.shopId, gone.id))!;
    await journal(tx, {
      entity: 'department',
      id: row.id,
      action: 'edit',
      before: departmentView(gone),
      after: departmentView(row),
    });
    return row;
  }
  const bp = vatBp ?? (await currentShop(tx)).defaultVatBp;
  await findOrCreateVat(tx, bp, field);
  const id = await repo.insertRow(tx.db, 'departments', {
    shop_id: tx.shopId,
    name: title,
    group_id: null,
    vat_bp: bp,
  });
  const row = (await repo.rowById(tx.db, 'departments', tx.shopId, id))!;
  await journal(tx, { entity: 'department', id, action: 'add', after: departmentView(row) });
  return row;
}
