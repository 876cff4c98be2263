import { namesInChunks } from '../../db/names.js';
import { nowIso, type Ctx } from '../shared/context.js';
import type { PageRequest } from '../../db/pagination.js';
import { InputError, NotFoundError, WrongStateError } from '../../domain/errors.js';
import { normalizeText } from '../../domain/text.js';
import * as repo from './customers.repository.js';
import type { ClientInput } from './customers.schemas.js';

const view = (c: repo.ClientRow) => ({
  id: c.id,
  firstname: c.firstname,
  lastname: c.lastname,
  email: c.email,
  phone: c.phone,
  address: c.address,
  zip: c.zip,
  city: c.city,
  country: c.country,
  ...(c.archived_at === null ? {} : { archived: true as const }),
});

/** Every field the shop keeps of a client (the management tools' answer). */
export const clientDetailView = (c: repo.ClientRow) => ({
  ...view(c),
  title: c.title,
  address2: c.address2,
  vatNumber: c.vat_number,
  registrationNumber: c.registration_number,
  comment: c.comment,
  blacklist: c.blacklist === 1,
});

/** What a client is found by in words (customers.find.ts): names, e-mail, phone, normalized. */
export const searchTextOf = (c: {
  firstname?: string | null | undefined;
  lastname?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
}) => normalizeText([c.firstname, c.lastname, c.email, c.phone].filter(Boolean).join(' '));

export function clientName(
  c: { firstname: string | null; lastname: string | null } | undefined,
): string | null {
  if (!c) return null;
  return [c.firstname, c.lastname].filter(Boolean).join(' ') || null;
}

export async function listClients(ctx: Ctx, page: PageRequest & { includeArchived?: boolean }) {
  const p = await repo.pageClients(ctx.db, ctx.shopId, page);
  return { ...p, items: p.items.map(view) };
}

export async function requireClient(ctx: Ctx, id: number, field: string) {
  const c = await repo.findClient(ctx.db, ctx.shopId, id);
  if (!c)
    throw new NotFoundError(
      field,
      `No client has id ${id} in this shop. Call {{list:clients}} to find the client's id, or pass an inline client to create one.`,
    );
  if (c.archived_at !== null)
    throw new WrongStateError(
      field,
      `Client ${id} (${clientName(c) ?? c.email ?? c.phone ?? 'no name'}) was archived: bring the client back with {{change_client}} (archived: false), or choose another ({{list:clients}}).`,
    );
  return c;
}

export async function clientsByIds(ctx: Ctx, ids: number[]) {
  return new Map((await repo.clientsByIds(ctx.db, ctx.shopId, [...new Set(ids)])).map((c) => [c.id, c]));
}

export async function createClient(ctx: Ctx, input: ClientInput, field: string): Promise<number> {
  const searchText = searchTextOf(input);
  if (!input.firstname && !input.lastname && !input.email && !input.phone) {
    throw new InputError(
      field,
      'A new client needs at least a first name, a last name, an e-mail or a phone number.',
    );
  }
  return repo.insertClient(ctx.db, {
    shop_id: ctx.shopId,
    firstname: input.firstname ?? null,
    lastname: input.lastname ?? null,
    email: input.email ?? null,
    phone: input.phone ?? null,
    address: input.address ?? null,
    zip: input.zip ?? null,
    city: input.city ?? null,
    country: input.country ?? null,
    search_text: searchText,
    created_at: nowIso(ctx),
  });
}

/** Clients' names by id (for other modules: report labels, filter checks). */
export const clientNames = (ctx: Ctx, ids: number[]) =>
  namesInChunks(ids, (chunk) => repo.clientNames(ctx.db, ctx.shopId, chunk));
