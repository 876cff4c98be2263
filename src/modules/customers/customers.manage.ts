/**
 * Clients managed by the owner (Kash's add, edit and delete of clients): Kash's field names and
 * the inline client's spellings of a sale, at least one identifying field, one client per e-mail (the same phone
 * or full name is warned about), and a client that orders name is archived, never deleted.
 */
import type { Updateable } from 'kysely';
import type { ClientsTable } from '../../db/schema.js';
import { ConflictError, InputError, NotFoundError, WrongStateError } from '../../domain/errors.js';
import { idFrom } from '../../domain/limits.js';
import { normalizeText } from '../../domain/text.js';
import { journal, once } from '../audit/audit.service.js';
import { nowIso, type Ctx } from '../shared/context.js';
import type { Change } from '../shared/manage.schemas.js';
import { ordersNaming } from '../shared/references.js';
import { describeClient } from './customers.find.js';
import * as findRepo from './customers.find.repository.js';
import * as repo from './customers.repository.js';
import type { ClientAddInput, ClientEditInput } from './customers.schemas.js';
import { clientDetailView, searchTextOf } from './customers.service.js';

type Detail = ReturnType<typeof clientDetailView>;
type Result = Change<Detail>;
type Text = string | null | undefined;
type Columns = Updateable<ClientsTable>;

/** One column from Kash's spelling and the inline client's of a sale: both given and different is refused. */
function either(field: string, value: Text, alias: string, other: Text): string | null | undefined {
  if (value !== undefined && other !== undefined && (value ?? '') !== (other ?? ''))
    throw new InputError(
      alias,
      `${alias} is another name of ${field} and says something else: give only ${field}.`,
    );
  const v = value !== undefined ? value : other;
  return v === undefined ? undefined : v === '' ? null : v;
}
const clear = (v: Text) => (v === '' ? null : v);

/** The columns a call sets (undefined: left as it is; null: cleared), and what it could not keep. */
function columnsOf(input: ClientAddInput | ClientEditInput): { set: Columns; warnings: string[] } {
  const set: Columns = {
    title: clear(input.title),
    firstname: either('name', input.name, 'firstname', input.firstname),
    lastname: either('surname', input.surname, 'lastname', input.lastname),
    email: clear(input.email),
    phone: clear(input.phone),
    address: either('addressline1', input.addressline1, 'address', input.address),
    address2: clear(input.addressline2),
    zip: either('postcode', input.postcode, 'zip', input.zip),
    city: clear(input.city),
    country: clear(input.country),
    vat_number: clear(input.VATnum),
    registration_number: clear(input.registrationNumber),
    comment: clear(input.commentPrivate),
    blacklist: input.blacklist === undefined ? undefined : input.blacklist ? 1 : 0,
  };
  for (const k of Object.keys(set) as (keyof Columns)[]) if (set[k] === undefined) delete set[k];
  if (typeof set.email === 'string' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(set.email))
    throw new InputError('email', `"${set.email}" is not an e-mail address: give one like marie@example.fr.`);
  const warnings = input.phone2
    ? ['phone2 was not stored: a client has one phone here; put the second number in commentPrivate.']
    : [];
  return { set, warnings };
}

interface Identity {
  firstname: string | null;
  lastname: string | null;
  email: string | null;
  phone: string | null;
}

function requireIdentity(c: Identity): void {
  if (!c.firstname && !c.lastname && !c.email && !c.phone)
    throw new InputError(
      'name',
      'A client needs at least one of name, surname, email or phone: give the one you know.',
    );
}

const lastDigits = (phone: string | null) => {
  const d = (phone ?? '').replace(/\D/g, '');
  return d.length > 9 ? d.slice(-9) : d;
};

/**
 * The same e-mail is refused (it is the client's key, as in Kash); the same phone or the same full name
 * is warned about, naming the client, since two people may share them. Only what the call changes is
 * checked, never against the client itself.
 */
async function nearDuplicates(ctx: Ctx, c: Identity, set: Columns, self?: number): Promise<string[]> {
  const others = (rows: repo.ClientRow[]) => rows.filter((r) => r.id !== self);
  if (typeof set.email === 'string') {
    const same = others(await repo.clientsByEmail(ctx.db, ctx.shopId, set.email))[0];
    if (same)
      throw new ConflictError(
        'email',
        `Client ${describeClient(same)} already has the e-mail ${set.email}: use clientId ${same.id}${same.archived_at ? ' (archived: {{change_client}} with archived: false brings it back)' : ''}, or give another e-mail.`,
      );
  }
  const warnings: string[] = [];
  const digits = lastDigits(c.phone);
  if (set.phone && digits.length >= 6) {
    const found = await findRepo.clientsMatching(ctx.db, ctx.shopId, [], digits, 20);
    const same = others(found).filter((r) => lastDigits(r.phone).endsWith(digits));
    if (same.length > 0)
      warnings.push(
        `Same phone as client ${same.map(describeClient).join('; ')}: check it is not the same person.`,
      );
  }
  const first = normalizeText(c.firstname ?? '');
  const last = normalizeText(c.lastname ?? '');
  if ((set.firstname !== undefined || set.lastname !== undefined) && (first || last)) {
    const words = `${first} ${last}`.split(' ').filter(Boolean);
    const found = await findRepo.clientsMatching(ctx.db, ctx.shopId, words, null, 50);
    const same = others(found).filter(
      (r) => normalizeText(r.firstname ?? '') === first && normalizeText(r.lastname ?? '') === last,
    );
    if (same.length > 0)
      warnings.push(
        `Same name as client ${same.map(describeClient).join('; ')}: check it is not the same person.`,
      );
  }
  return warnings;
}

async function clientRow(ctx: Ctx, idIn: number | string): Promise<repo.ClientRow> {
  const id = idFrom(idIn);
  const row = id === undefined ? undefined : await repo.findClient(ctx.db, ctx.shopId, id);
  if (!row)
    throw new NotFoundError('id', `No client has id ${String(idIn)} in this shop. See {{list:clients}}.`);
  return row;
}
const detailOf = async (ctx: Ctx, id: number) =>
  clientDetailView((await repo.findClient(ctx.db, ctx.shopId, id))!);

export function addClient(ctx: Ctx, input: ClientAddInput) {
  return once(ctx, 'add_client', input, async (tx): Promise<Result> => {
    const { set, warnings } = columnsOf(input);
    const c: Identity = {
      firstname: set.firstname ?? null,
      lastname: set.lastname ?? null,
      email: set.email ?? null,
      phone: set.phone ?? null,
    };
    requireIdentity(c);
    warnings.push(...(await nearDuplicates(tx, c, set)));
    const id = await repo.insertClient(tx.db, {
      ...set,
      ...c,
      shop_id: tx.shopId,
      search_text: searchTextOf(c),
      created_at: nowIso(tx),
    });
    const item = await detailOf(tx, id);
    await journal(tx, { entity: 'client', id, action: 'add', after: item });
    return { action: 'added', id, warnings, item };
  });
}

export function editClient(ctx: Ctx, input: ClientEditInput) {
  return once(ctx, 'edit_client', {}, async (tx): Promise<Result> => {
    const row = await clientRow(tx, input.id);
    const { set, warnings } = columnsOf(input);
    if (row.archived_at !== null && input.archived !== false && Object.keys(set).length > 0)
      throw new WrongStateError(
        'archived',
        `Client ${row.id} is archived: send archived: false with the changes to bring it back.`,
      );
    const merged = { ...row, ...set };
    requireIdentity(merged);
    warnings.push(...(await nearDuplicates(tx, merged, set, row.id)));
    if (
      set.firstname !== undefined ||
      set.lastname !== undefined ||
      set.email !== undefined ||
      set.phone !== undefined
    )
      set.search_text = searchTextOf(merged);
    if (input.archived !== undefined)
      set.archived_at = input.archived ? (row.archived_at ?? nowIso(tx)) : null;
    const before = clientDetailView(row);
    await repo.updateClient(tx.db, tx.shopId, row.id, set);
    const item = await detailOf(tx, row.id);
    const same = JSON.stringify(before) === JSON.stringify(item);
    if (!same) await journal(tx, { entity: 'client', id: row.id, action: 'edit', before, after: item });
    return { action: same ? 'unchanged' : 'updated', id: row.id, warnings, item };
  });
}

export function deleteClient(ctx: Ctx, input: { id: number | string }) {
  return once(ctx, 'delete_client', {}, async (tx): Promise<Result> => {
    const row = await clientRow(tx, input.id);
    const before = clientDetailView(row);
    const orders = await ordersNaming(tx, { kind: 'client', id: row.id });
    if (orders > 0) {
      if (row.archived_at === null)
        await repo.updateClient(tx.db, tx.shopId, row.id, { archived_at: nowIso(tx) });
      const item = await detailOf(tx, row.id);
      await journal(tx, { entity: 'client', id: row.id, action: 'archive', before, after: item });
      return {
        action: 'archived',
        id: row.id,
        warnings: [
          `${orders} recorded orders name this client: it was archived, not deleted (blacklist is a separate flag).`,
        ],
        item,
      };
    }
    await repo.deleteClient(tx.db, tx.shopId, row.id);
    await journal(tx, { entity: 'client', id: row.id, action: 'delete', before });
    return { action: 'deleted', id: row.id, warnings: [], item: null };
  });
}
