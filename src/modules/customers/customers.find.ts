/**
 * Finding the client a user means: by id, or in their words ("Mrs Dupont", an e-mail, a phone number).
 * Several matches fail with the candidates listed, so that the assistant asks which one.
 */
import type { Ctx } from '../shared/context.js';
import { InputError, NotFoundError } from '../../domain/errors.js';
import { idFrom, MAX_ID } from '../../domain/limits.js';
import { normalizeText } from '../../domain/text.js';
import * as findRepo from './customers.find.repository.js';
import * as repo from './customers.repository.js';
import type { ClientRow } from './customers.repository.js';
import { clientName } from './customers.service.js';

/** Titles a user puts before a name; they are not part of what the shop recorded. */
const TITLES = new Set([
  'm',
  'mr',
  'mrs',
  'ms',
  'miss',
  'mister',
  'mme',
  'mmes',
  'mlle',
  'mlles',
  'madame',
  'mesdames',
  'monsieur',
  'messieurs',
  'mademoiselle',
  'dr',
  'docteur',
  'doctor',
]);
/** How many clients a name is checked against; more than this and the name is too vague anyway. */
const CANDIDATE_LIMIT = 200;
/** How many candidates an ambiguity message names (all of them go in its details). */
const LISTED = 10;

/** The words of a name as the user wrote it, normalized, without titles ("Mme Dupont" -> ["dupont"]). */
function nameWords(query: string): string[] {
  const words = normalizeText(query).split(' ').filter(Boolean);
  const kept = words.filter((w) => !TITLES.has(w.replace(/\.$/, '')));
  return kept.length > 0 ? kept : words;
}

/** The digits of something that looks like a phone number (at least 6 digits, nothing but separators), else null. */
function phoneQuery(query: string): string | null {
  if (!/^[\d\s.+()-]+$/.test(query.trim())) return null;
  const digits = query.replace(/\D/g, '');
  if (digits.length < 6) return null;
  // +33 6 … and 06 … are the same French number: compare the last nine digits.
  return digits.length > 9 ? digits.slice(-9) : digits;
}

const digitsOf = (phone: string | null) => (phone ?? '').replace(/\D/g, '');

/**
 * How well a client answers a query: 2 = exactly (full name either way round, e-mail, phone),
 * 1 = every word of the query is a whole word of the name, 0 = the words are only inside the name.
 */
function matchRank(c: ClientRow, words: string[], digits: string | null): number {
  const first = normalizeText(c.firstname ?? '');
  const last = normalizeText(c.lastname ?? '');
  const query = words.join(' ');
  const phone = digitsOf(c.phone);
  if (
    query === [first, last].filter(Boolean).join(' ') ||
    query === [last, first].filter(Boolean).join(' ') ||
    (c.email !== null && query === normalizeText(c.email)) ||
    (digits !== null && phone.length > 0 && phone.endsWith(digits))
  )
    return 2;
  const nameWordSet = new Set(`${first} ${last}`.split(' ').filter(Boolean));
  if (words.every((w) => nameWordSet.has(w)) || (c.lastname !== null && query === last)) return 1;
  return 0;
}

export function describeClient(c: ClientRow): string {
  const where = [c.city, c.phone, c.archived_at === null ? null : 'archived'].filter(Boolean).join(', ');
  return `${c.id} ${clientName(c) ?? c.email ?? c.phone ?? '(no name)'}${where ? ` (${where})` : ''}`;
}

/** The one client `name` designates, or an InputError that lists the candidates or says there is none. */
async function resolveClientByName(ctx: Ctx, name: string): Promise<ClientRow> {
  const words = nameWords(name);
  const digits = phoneQuery(name);
  if (words.length === 0 && digits === null)
    throw new InputError(
      'clientName',
      "The name is empty: give the client's name, e-mail or phone, or their clientId ({{list:clients}}).",
    );
  const found = await findRepo.clientsMatching(ctx.db, ctx.shopId, words, digits, CANDIDATE_LIMIT + 1);
  // an archived client is still found (its balance is history), but only when no live one matches
  const all = found.slice(0, CANDIDATE_LIMIT);
  const live = all.filter((c) => c.archived_at === null);
  const candidates = live.length > 0 ? live : all;
  if (candidates.length === 0)
    throw new NotFoundError(
      'clientName',
      `No client of this shop matches "${name}" (name, e-mail or phone). Check the spelling, or call {{list:clients}} to find the client and pass its clientId.`,
    );
  const ranked = candidates.map((c) => ({ c, rank: matchRank(c, words, digits) }));
  const best = Math.max(...ranked.map((r) => r.rank));
  const pool = ranked.filter((r) => r.rank === best).map((r) => r.c);
  if (pool.length === 1 && pool[0]) return pool[0];
  const many = found.length > CANDIDATE_LIMIT && best === 0;
  const count = many ? `more than ${CANDIDATE_LIMIT}` : String(pool.length);
  const listed = pool.slice(0, LISTED).map(describeClient).join('; ');
  // ambiguous, as an ambiguous product name: the caller must choose (invalid, with the candidates)
  throw new InputError(
    'clientName',
    `"${name}" matches ${count} clients: ${listed}${pool.length > LISTED ? '; …' : ''}. Ask the user which one they mean, then call again with its clientId.`,
    {
      candidates: pool.slice(0, 50).map((c) => ({
        id: c.id,
        name: clientName(c),
        city: c.city,
        phone: c.phone,
        email: c.email,
      })),
    },
  );
}

/** A client id from a number or a numeric string. */
function clientIdOf(value: number | string): number {
  const n = idFrom(value);
  if (n === undefined)
    throw new InputError(
      'clientId',
      `"${value}" is not a client id: give a whole number from 1 to ${MAX_ID} ({{list:clients}}), or the client's name as clientName.`,
    );
  return n;
}

export async function resolveClient(
  ctx: Ctx,
  input: { clientId?: number | string | undefined; clientName?: string | undefined },
): Promise<ClientRow> {
  if (input.clientId !== undefined) {
    const id = clientIdOf(input.clientId);
    const c = await repo.findClient(ctx.db, ctx.shopId, id);
    if (!c)
      throw new NotFoundError(
        'clientId',
        `No client has id ${id} in this shop. Call {{list:clients}} to find the client's id, or pass clientName instead.`,
      );
    return c;
  }
  if (input.clientName !== undefined) return resolveClientByName(ctx, input.clientName);
  throw new InputError(
    'clientId',
    'Say which client: give clientId ({{list:clients}}) or clientName (e.g. "Dupont").',
  );
}
