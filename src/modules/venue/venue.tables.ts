/**
 * Dining tables managed by the owner: one table or a range ("tables 1 to 20 on the terrace"), all or
 * nothing; a table is known by its number, which changes only while no order names the table (the
 * orders show the number of their table).
 */
import * as z from 'zod';
import { ConflictError, InputError, WrongStateError } from '../../domain/errors.js';
import { journal, once } from '../audit/audit.service.js';
import type { Ctx } from '../shared/context.js';
import type { Change } from '../shared/manage.schemas.js';
import { deleteManaged, editManaged, usesOf, type Managed } from './venue.manage.js';
import * as repo from './venue.manage.repository.js';
import { MAX_TABLES_AT_ONCE, type tableAddInput, type tableEditInput } from './venue.manage.schemas.js';
import { tableView } from './venue.service.js';

type TableView = ReturnType<typeof tableView>;

export const tables: Managed<'dining_tables', TableView> = {
  table: 'dining_tables',
  entity: 'table',
  what: 'table',
  list: '{{list:tables}}',
  change: '{{change_table}}',
  ref: 'table',
  sameName: 'allowed',
  key: 'number',
  view: tableView,
};

const DEFAULT_SEATS = 4;
const CHUNK = 100;

/** The numbers asked for: `number`, or `from` to `to`. */
function numbersOf(input: z.infer<typeof tableAddInput>): { from: number; to: number } {
  const range = input.from !== undefined || input.to !== undefined;
  if (input.number !== undefined && range)
    throw new InputError('number', 'Give number for one table, or from and to for a range, not both.');
  if (input.number !== undefined) return { from: input.number, to: input.number };
  if (input.from === undefined || input.to === undefined)
    throw new InputError(
      range ? (input.from === undefined ? 'from' : 'to') : 'number',
      'Give number for one table, or from and to for a range (e.g. from 1 to 20).',
    );
  if (input.to < input.from) throw new InputError('to', `to (${input.to}) is below from (${input.from}).`);
  if (input.to - input.from + 1 > MAX_TABLES_AT_ONCE)
    throw new InputError('to', `At most ${MAX_TABLES_AT_ONCE} tables at once: split the range.`);
  if (input.name !== undefined)
    throw new InputError('name', 'name is for one table; the tables of a range are named "Table <number>".');
  return { from: input.from, to: input.to };
}

export function addTables(ctx: Ctx, input: z.infer<typeof tableAddInput>) {
  return once(ctx, 'add_table', input, async (tx): Promise<Change<TableView> & { tables: TableView[] }> => {
    const { from, to } = numbersOf(input);
    const taken = await repo.tablesBetween(tx.db, tx.shopId, from, to);
    if (taken.length > 0) {
      const shown = taken.slice(0, 10).map((t) => `${t.number}${t.archived_at ? ' (archived)' : ''}`);
      throw new ConflictError(
        input.number !== undefined ? 'number' : 'from',
        `${taken.length === 1 ? 'Table' : 'Tables'} ${shown.join(', ')}${taken.length > 10 ? ', …' : ''} already ${taken.length === 1 ? 'exists' : 'exist'}: nothing was added. Choose free numbers ({{list:tables}} with includeArchived), or change a table with {{change_table}}.`,
      );
    }
    const rows = Array.from({ length: to - from + 1 }, (_, i) => ({
      shop_id: tx.shopId,
      number: from + i,
      name: input.name ?? `Table ${from + i}`,
      seats: input.seats ?? DEFAULT_SEATS,
      floor: input.floor ?? '',
    }));
    for (let i = 0; i < rows.length; i += CHUNK)
      await repo.insertRows(tx.db, 'dining_tables', rows.slice(i, i + CHUNK));
    const added = (await repo.tablesBetween(tx.db, tx.shopId, from, to)).map(tableView);
    for (const t of added) await journal(tx, { entity: 'table', id: t.id, action: 'add', after: t });
    return { action: 'added', id: from, warnings: [], item: added[0] ?? null, tables: added };
  });
}

export function editTable(ctx: Ctx, input: z.infer<typeof tableEditInput>) {
  return editManaged(ctx, tables, input, input.id, async (tx, row) => {
    if (input.number !== undefined && input.number !== row.number) {
      const other = await repo.rowBy(tx.db, 'dining_tables', tx.shopId, 'number', input.number);
      if (other)
        throw new ConflictError(
          'number',
          `Table ${input.number} already exists${other.archived_at ? ' (archived)' : ''}: choose a free number.`,
        );
      if ((await usesOf(tx, tables, row)) > 0)
        throw new WrongStateError(
          'number',
          `Orders name table ${row.number}, so its number stays (they show it): add table ${input.number} with {{new_table}} and archive this one.`,
        );
    }
    return { set: { number: input.number, name: input.name, seats: input.seats, floor: input.floor } };
  });
}

export const deleteTable = (ctx: Ctx, input: { id: number }) => deleteManaged(ctx, tables, input, input.id);
